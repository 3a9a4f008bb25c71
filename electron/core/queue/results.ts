/** Called with each result's worker name and how many photos it handled (the progress log's per-worker counts). */
export type WorkerSeen = (worker: string, photos: number) => void;

/** A run stopped by the user while batches were on the queue: the job runner reports it as cancelled. */
export class QueueStopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'AbortError';
  }
}

/**
 * The server closed its queue connection mid-run (serve's SIGTERM): the run is
 * not cancelled but cut off, as by a crash. Its row is left running (an
 * import's reads as interrupted) and its batches stay in Redis, so the next
 * start reconciles and continues it (reconcile.ts, resume-imports.ts).
 */
export class QueueClosed extends Error {
  constructor() {
    super('the server closed its queue connection; the run continues when the server starts again');
    this.name = 'QueueClosed';
  }
}

/** The reason a photo failed on the workers, after its tries. */
export function onePhotoFailed(reason: string, attempts: number): string {
  return `the engine failed on this photo ${attempts} times on the queue's workers: ${reason}`;
}
