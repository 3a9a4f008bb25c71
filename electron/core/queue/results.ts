/** Called with each result's worker name and how many photos it handled (the progress log's per-worker counts). */
export type WorkerSeen = (worker: string, photos: number) => void;

/** A run stopped by the user while batches were on the queue: the job runner reports it as cancelled. */
export class QueueStopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'AbortError';
  }
}

/** The reason a photo failed on the workers, after its tries. */
export function onePhotoFailed(reason: string, attempts: number): string {
  return `the engine failed on this photo ${attempts} times on the queue's workers: ${reason}`;
}
