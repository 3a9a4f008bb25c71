import { parentPort, workerData } from 'node:worker_threads';
import { ApiError, type ErrorCode } from '../../common/errors.js';
import { openSecondConnection } from '../db/open.js';
import { pruneAndCompact, type PruneProgress, type PruneResult } from './stale-embeddings.js';

/**
 * Deletes old-backbone embeddings (and compacts) on its own connection, so
 * the app's thread stays free. The catalogue must be lent (db/lend.ts) while
 * it runs; the connection is closed before the last message, so the owner
 * can take its exclusive lock back as soon as it reads it.
 */
export interface PruneWorkerData {
  file: string;
  nativeBinding: string | undefined;
  vacuum: boolean;
  chunkRows?: number;
  /** One Int32: set to 1 (and notify) to stop before the next chunk (the worker is busy in SQLite and reads no messages). */
  stop: SharedArrayBuffer;
}

/** An error as it crosses the thread boundary: ApiErrors keep their code, SQLite's their SQLITE_ code. */
export interface PruneWorkerError {
  apiCode?: ErrorCode;
  sqliteCode?: string;
  message: string;
}

export type PruneWorkerMessage =
  | ({ type: 'progress' } & PruneProgress)
  | { type: 'done'; result: PruneResult }
  | { type: 'failed'; error: PruneWorkerError };

// A writer of the app's own may hold the lock for a while (a large batch); waiting here blocks nothing the user sees.
const WORKER_BUSY_TIMEOUT_MS = 30_000;
/**
 * A pause between chunks. The app's connection, kept off the lock, retries
 * for 300 ms at intervals of at most 72 ms (SQLite's busy handler); without
 * a gap at least that long it would never find the lock free and its change
 * would fail. This makes deleting slower, never the app.
 */
const PAUSE_MS = 75;

const data = workerData as PruneWorkerData;
const port = parentPort!;
const stop = new Int32Array(data.stop);

let last: PruneWorkerMessage;
try {
  const db = openSecondConnection(data.file, { nativeBinding: data.nativeBinding, timeoutMs: WORKER_BUSY_TIMEOUT_MS });
  try {
    const result = pruneAndCompact(db, data.file, {
      vacuum: data.vacuum,
      chunkRows: data.chunkRows,
      onProgress: (p) => port.postMessage({ type: 'progress', ...p } satisfies PruneWorkerMessage),
      stopRequested: () => Atomics.load(stop, 0) === 1,
      // Sleeps on the stop flag, so a stop wakes it at once.
      betweenChunks: () => Atomics.wait(stop, 0, 0, PAUSE_MS),
    });
    last = { type: 'done', result };
  } finally {
    db.close();
  }
} catch (err) {
  const code = (err as { code?: unknown }).code;
  last = {
    type: 'failed',
    error:
      err instanceof ApiError
        ? { apiCode: err.code, message: err.message }
        : { sqliteCode: typeof code === 'string' ? code : undefined, message: err instanceof Error ? err.message : String(err) },
  };
}
port.postMessage(last);
