import type { Embedder } from './embedder.js';
import { pipelined } from './pool.js';

/** A catalogue image to run through the backbone. */
export interface FileTarget {
  id: number;
  file: string;
}

/** Files the backbone could not read: all counted, the first few kept with why. */
export interface FileFailures {
  failed: number;
  errors: { imageId: number; path: string; message: string }[];
}

export interface EmbedTargetsOptions {
  batchSize?: number;
  /** How many failures to keep in `errors` (all are counted). */
  maxReported: number;
  shouldStop: () => boolean;
  /** Store one batch's vectors; called in completion order, one batch at a time. */
  store: (vectors: Map<number, Float32Array>) => void;
  /** After each batch is stored and its failures recorded. */
  progress: () => void;
}

/**
 * The backbone over files through the engine pool (or the queue's workers), two requests per worker
 * in flight (a worker never waits for the main thread between batches), the
 * way classification and the features job both need it: each batch is
 * handed to `store` as it arrives (so a kill loses at most what is in
 * flight), unreadable files are recorded in `failures` with their paths.
 */
export async function embedTargets(pool: Embedder, targets: readonly FileTarget[], failures: FileFailures, opts: EmbedTargetsOptions): Promise<void> {
  const byId = new Map(targets.map((t) => [t.id, t]));
  await pipelined(
    targets,
    opts.batchSize ?? 8,
    pool.size * 2,
    (batch) => pool.embedFiles(batch.map((t) => ({ key: t.id, path: t.file }))),
    (r) => {
      if (r.vectors.size) opts.store(r.vectors);
      for (const e of r.errors) {
        failures.failed++;
        if (failures.errors.length < opts.maxReported) failures.errors.push({ imageId: e.key, path: byId.get(e.key)!.file, message: e.message });
      }
      opts.progress();
    },
    opts.shouldStop,
  );
}
