import { ApiError } from '../../common/errors.js';
import type { JobServices } from '../jobs/services.js';
import { withCatalogueLent } from '../db/lend.js';
import { nativeBindingForRuntime } from '../db/native.js';
import { BUSY_TIMEOUT_MS } from '../db/open.js';
import type { JobRunner } from '../jobs/runner.js';
import { spawnWorker } from '../workers/spawn.js';
import type { PruneWorkerData, PruneWorkerError, PruneWorkerMessage } from './prune-worker.js';
import { staleEmbeddings, withTotals, type PruneProgress, type PruneResult } from './stale-embeddings.js';

/** What the prune job needs: the job services and the catalogue's file (its worker opens it too). */
type PruneServices = JobServices & { cataloguePath: string };

/**
 * Deleting old-backbone embeddings (and compacting the file) as a job: on a
 * catalogue of several GB it takes minutes, so it runs in a worker thread
 * with its own connection while the app keeps answering. Progress is the
 * vectors deleted out of those found, then "compacting"; the result
 * (PrunedEmbeddings) is the job's result. A cancel stops between chunks; the
 * chunks already deleted stay deleted and the job's message says how many.
 * VACUUM is one statement and cannot be stopped once it has begun.
 */

export interface PruneJobOptions {
  vacuum?: boolean;
  /** Rows per transaction (tests use small ones to get several chunks). */
  chunkRows?: number;
  /** The worker module (tests wrap the real one to simulate a full disk). */
  workerUrl?: URL;
}

const PRUNE_WORKER = new URL('./prune-worker.js', import.meta.url);
const COMPACTING = 'Compacting the catalogue file (this cannot be stopped once begun)…';

export function startPruneJob(ctx: PruneServices, options: PruneJobOptions = {}): { id: string; total: number; done: Promise<PruneResult> } {
  const stale = withTotals(staleEmbeddings(ctx.db));
  if (!stale.vectors) throw new ApiError('invalid_input', 'No embeddings of an earlier backbone: nothing to delete').translated('nothingStale');
  const running = ctx.jobs.list().filter((j) => j.state === 'running');
  if (running.some((j) => j.kind === 'prune')) throw new ApiError('conflict', 'Old feature vectors are already being deleted').translated('pruneRunning');
  // VACUUM holds the write lock throughout; other jobs' writes would fail after a moment.
  if (options.vacuum && running.length) {
    throw new ApiError(
      'conflict',
      `Compacting locks the catalogue against changes while it runs. Wait for ${running.map((j) => `“${j.title}”`).join(', ')} to finish, or delete without compacting.`,
    ).translated('compactWhileJobs', { jobs: running.length });
  }
  const vacuum = Boolean(options.vacuum);
  const title = `Delete ${stale.vectors} old feature vector(s)${vacuum ? ' and compact the catalogue' : ''}`;
  const job = ctx.jobs.start('prune', title, async (jc) => {
    jc.progress({ found: stale.vectors, done: 0 });
    let deleted = 0;
    const onProgress = (p: PruneProgress) => {
      deleted = p.deleted;
      // VACUUM holds the write lock throughout: the app's writes fail at once instead of blocking its thread for nothing,
      // and let go of their read snapshot sooner, which the final checkpoint has to wait for.
      if (p.compacting) ctx.db.pragma('busy_timeout = 0');
      jc.progress({ found: p.total, done: p.deleted, message: p.compacting ? COMPACTING : null });
    };
    try {
      const result = await withCatalogueLent(ctx.db, () =>
        runPruneWorker({ file: ctx.cataloguePath, vacuum, chunkRows: options.chunkRows, url: options.workerUrl ?? PRUNE_WORKER, signal: jc.signal, onProgress }),
      );
      deleted = result.vectors;
      // A cancel that came during VACUUM could not stop it: the job finished, and says so rather than "cancelled" alone.
      jc.progress({ message: jc.signal.aborted ? 'Compacting had begun and cannot be stopped; it finished.' : null });
      return result;
    } finally {
      ctx.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (deleted) ctx.events.emit({ type: 'catalogue-changed', reason: 'embeddings-pruned' });
    }
  });
  return { id: job.id, total: stale.vectors, done: job.done };
}

function runPruneWorker(opts: {
  file: string;
  vacuum: boolean;
  chunkRows?: number;
  url: URL;
  signal: AbortSignal;
  onProgress(p: PruneProgress): void;
}): Promise<PruneResult> {
  const stop = new SharedArrayBuffer(4);
  const data: PruneWorkerData = { file: opts.file, nativeBinding: nativeBindingForRuntime(), vacuum: opts.vacuum, chunkRows: opts.chunkRows, stop };
  const worker = spawnWorker(opts.url, { workerData: data });
  const requestStop = () => {
    const flag = new Int32Array(stop);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  opts.signal.addEventListener('abort', requestStop, { once: true });
  if (opts.signal.aborted) requestStop();
  return new Promise<PruneResult>((resolve, reject) => {
    let outcome: { result: PruneResult } | { error: Error } | null = null;
    worker.on('message', (msg: PruneWorkerMessage) => {
      if (msg.type === 'progress') opts.onProgress(msg);
      else if (msg.type === 'done') outcome = { result: msg.result };
      else outcome = { error: fromWorker(msg.error) };
    });
    worker.on('error', (err) => {
      outcome ??= { error: new ApiError('internal', `The deletion stopped unexpectedly: ${err.message}`) };
    });
    // Settle only once the thread is gone, so its connection is closed before the lock is taken back.
    worker.on('exit', (code) => {
      opts.signal.removeEventListener('abort', requestStop);
      const o = outcome ?? { error: new ApiError('internal', `The deletion stopped unexpectedly (worker exit code ${code})`) };
      if ('result' in o) resolve(o.result);
      else reject(o.error);
    });
  });
}

function fromWorker(e: PruneWorkerError): Error {
  if (e.apiCode) return new ApiError(e.apiCode, e.message);
  // A bare SQLite error keeps its code, so the job's message is translated like any other.
  return Object.assign(new Error(e.message), { code: e.sqliteCode });
}

/**
 * While the worker holds the write lock (a chunk, or all of VACUUM), the
 * app's own writes wait 300 ms and fail with SQLITE_BUSY, which otherwise
 * reads as "open in another Canting". Say what is really going on.
 */
export function busyWhilePruning(err: unknown, jobs: JobRunner): ApiError | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) return null;
  const job = jobs.list().find((j) => j.kind === 'prune' && j.state === 'running');
  if (!job) return null;
  return new ApiError(
    'conflict',
    `The catalogue is busy: old feature vectors are being deleted${job.message === COMPACTING ? ' and the file compacted' : ''} in the background (Models panel). This change was not saved; try again when that has finished.`,
  );
}
