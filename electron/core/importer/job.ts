import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError, RunCutOff } from '../../common/errors.js';
import type { ImportCounts, ImportJobInfo } from '../../common/contract/index.js';
import type { JobContext } from '../jobs/runner.js';
import type { JobServices } from '../jobs/services.js';
import { DEFAULT_MAX_PIXELS, type AnalyseResult } from './analyse.js';
import { ImportPool } from './pool.js';
import type { Analyser, AnalyserSource } from './analyser.js';
import { reasonCode, reasonParams, reasonRank } from './reasons.js';
import { checkImportPath, nestedRoots, resolveTarget, type ImportTarget } from './roots.js';
import { walk } from './scan.js';
import { ImportWriter, type FileState, type QueuedFile } from './store.js';

export interface ImportOptions {
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Refuse images with more pixels than this (default 250 MP). */
  maxPixels?: number;
  /** Results written per transaction (default 64). */
  batchSize?: number;
  /** Called once the file queue is written, before any file is read (tests: files vanishing mid-import). */
  afterScan?: () => void | Promise<void>;
  /** Called after each committed batch with the job's counts so far (unthrottled, unlike job events). */
  onBatch?: (counts: ImportCounts) => void;
}

export interface ImportError {
  path: string;
  reason: string;
  /** The kind of reason (reasons.ts), for translated labels. */
  code: string;
  /** What the reason names beyond its kind (pixel counts, a format), for the translated sentence. */
  params: Record<string, string>;
}


export interface ImportSummary extends ImportCounts {
  importJobId: number;
  /** Seconds this run took (a resumed job counts only its own run). */
  seconds: number;
  resumed: boolean;
  errors: ImportError[];
}


const QUEUE_CHUNK = 500;
const FLUSH_MS = 250;

/**
 * Import jobs running in this process: a field of the app context (one per
 * open catalogue), not module state. A job row still "scanning"/"running"
 * that is not there was cut off (the app was closed or killed) and is
 * resumable. The catalogue is opened by one process only, so this process
 * knows every live import.
 */
export type LiveImports = Set<number>;

/** What an import needs of the open catalogue: the job services and the imports running now. */
type ImportServices = JobServices & { liveImports: LiveImports; remote?: AnalyserSource | null };
type ImportState = Pick<ImportServices, 'db' | 'liveImports'>;

function isInterrupted(live: LiveImports, id: number, state: string): boolean {
  return (state === 'scanning' || state === 'running') && !live.has(id);
}

export function countFiles(db: Database, jobId: number): ImportCounts & { pending: number } {
  const rows = db.prepare('SELECT state, COUNT(*) AS n FROM import_files WHERE job_id = ? GROUP BY state').all(jobId) as { state: string; n: number }[];
  const by = Object.fromEntries(rows.map((r) => [r.state, r.n])) as Record<string, number>;
  return {
    found: rows.reduce((a, r) => a + r.n, 0),
    imported: by.imported ?? 0,
    duplicates: by.duplicate ?? 0,
    unchanged: by.unchanged ?? 0,
    failed: by.failed ?? 0,
    pending: by.pending ?? 0,
  };
}

const UNKNOWN_REASON = 'unknown error';

/** Lets SQL group and filter failed files by their reason's kind (reasons.ts), which is not stored. */
const withReasonCode = new WeakSet<Database>();
function reasonCodeFunction(db: Database): void {
  if (withReasonCode.has(db)) return;
  db.function('import_reason_code', { deterministic: true }, (error: unknown) => reasonCode(typeof error === 'string' ? error : UNKNOWN_REASON));
  withReasonCode.add(db);
}

/** The files an import could not take, in the order found; only those of one kind when `code` is given. */
export function importErrors(db: Database, jobId: number, offset = 0, limit = -1, code?: string): ImportError[] {
  reasonCodeFunction(db);
  const rows = db
    .prepare(
      `SELECT r.path AS root, f.rel_path AS rel, f.error FROM import_files f JOIN import_roots r ON r.id = f.root_id
       WHERE f.job_id = ? AND f.state = 'failed' AND (? IS NULL OR import_reason_code(f.error) = ?) ORDER BY f.rowid LIMIT ? OFFSET ?`,
    )
    .all(jobId, code ?? null, code ?? null, limit, offset) as { root: string; rel: string; error: string | null }[];
  return rows.map((r) => {
    const reason = r.error ?? UNKNOWN_REASON;
    return { path: r.rel === '.' ? r.root : path.join(r.root, ...r.rel.split('/')), reason, code: reasonCode(reason), params: reasonParams(reason) };
  });
}

/** How many files failed for each kind of reason, damaged photos first and non-images last (reasonRank). */
export function importErrorKinds(db: Database, jobId: number): { code: string; count: number }[] {
  reasonCodeFunction(db);
  const rows = db
    .prepare(`SELECT import_reason_code(error) AS code, COUNT(*) AS count FROM import_files WHERE job_id = ? AND state = 'failed' GROUP BY code`)
    .all(jobId) as { code: string; count: number }[];
  return rows.sort((a, b) => reasonRank(a.code) - reasonRank(b.code));
}

export function listImportJobs({ db, liveImports }: ImportState, limit = 20): ImportJobInfo[] {
  const rows = db.prepare('SELECT id, state, params, started_at, finished_at FROM import_jobs ORDER BY id DESC LIMIT ?').all(limit) as {
    id: number;
    state: ImportJobInfo['state'];
    params: string;
    started_at: string;
    finished_at: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    state: isInterrupted(liveImports, r.id, r.state) ? 'interrupted' : r.state,
    paths: (JSON.parse(r.params) as { paths: string[] }).paths,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    ...countFiles(db, r.id),
  }));
}

/** Import jobs that can be continued: cut off by a closed or killed app, or cancelled with files left. */
export function resumableImports(state: ImportState): ImportJobInfo[] {
  return listImportJobs(state, 1000).filter((j) => j.state === 'interrupted' || (j.state === 'cancelled' && j.pending > 0));
}

function setState(db: Database, id: number, state: string): void {
  db.prepare('UPDATE import_jobs SET state = ?, finished_at = NULL WHERE id = ?').run(state, id);
}

function finish(db: Database, id: number, state: 'done' | 'cancelled' | 'failed' | 'interrupted'): ImportCounts {
  // The job's result carries the contract's ImportCounts only (what is still pending is import.list's to say).
  const { pending: _pending, ...c } = countFiles(db, id);
  db.prepare(
    'UPDATE import_jobs SET state = ?, finished_at = ?, found = ?, imported = ?, duplicates = ?, unchanged = ?, failed = ? WHERE id = ?',
  ).run(state, new Date().toISOString(), c.found, c.imported, c.duplicates, c.unchanged, c.failed, id);
  return c;
}

export interface StartedImport {
  jobId: string;
  importJobId: number;
  resumed: boolean;
  done: Promise<ImportSummary>;
}

/**
 * Import folders and files as a job. The file queue (import_files) is written
 * before any file is processed, so a job cut off at any point continues with
 * exactly the files it had not finished. Importing the same paths as an
 * interrupted (or cancelled) job continues that job instead of starting anew.
 */
export function startImport(ctx: ImportServices, paths: string[], options: ImportOptions = {}): StartedImport {
  if (!paths.length) throw new ApiError('invalid_input', 'Give at least one folder or file to import').translated('nothingGiven');
  const abs = paths.map((p) => checkImportPath(p).abs);
  const params = JSON.stringify({ paths: abs });
  const resumable = resumableImports(ctx).find((j) => JSON.stringify({ paths: j.paths }) === params);
  return resumable ? continueImport(ctx, resumable.id, options) : launch(ctx, createJob(ctx.db, params), false, options);
}

/** Continue an interrupted or cancelled import job. */
export function resumeImport(ctx: ImportServices, importJobId: number, options: ImportOptions = {}): StartedImport {
  const job = resumableImports(ctx).find((j) => j.id === importJobId);
  if (!job) {
    const exists = ctx.db.prepare('SELECT state FROM import_jobs WHERE id = ?').get(importJobId) as { state: string } | undefined;
    if (!exists) throw new ApiError('not_found', `No import job ${importJobId}`);
    throw new ApiError('conflict', `Import ${importJobId} has nothing to continue (it is ${ctx.liveImports.has(importJobId) ? 'running' : exists.state})`);
  }
  for (const p of job.paths) checkImportPath(p);
  return continueImport(ctx, importJobId, options);
}

/** Continue every import that was cut off when the app last closed (call at start-up). */
export function resumeInterruptedImports(ctx: ImportServices, options: ImportOptions = {}): StartedImport[] {
  return resumableImports(ctx)
    .filter((j) => j.state === 'interrupted')
    .flatMap((j) => {
      try {
        return [resumeImport(ctx, j.id, options)];
      } catch {
        return []; // its folder is gone (drive unplugged): it stays resumable for later
      }
    });
}

function continueImport(ctx: ImportServices, id: number, options: ImportOptions): StartedImport {
  return launch(ctx, id, true, options);
}

function createJob(db: Database, params: string): number {
  const { lastInsertRowid } = db
    .prepare("INSERT INTO import_jobs (state, params, started_at) VALUES ('scanning', ?, ?)")
    .run(params, new Date().toISOString());
  return Number(lastInsertRowid);
}

function launch(ctx: ImportServices, id: number, resumed: boolean, options: ImportOptions): StartedImport {
  const { paths } = JSON.parse((ctx.db.prepare('SELECT params FROM import_jobs WHERE id = ?').get(id) as { params: string }).params) as { paths: string[] };
  const live = ctx.liveImports;
  live.add(id);
  setState(ctx.db, id, 'scanning');
  const title = `${resumed ? 'Continue import' : 'Import'} ${paths.map((p) => path.basename(p) || p).join(', ')}`;
  const job = ctx.jobs.start('import', title, async (jc) => {
    const t0 = Date.now();
    try {
      await scan(ctx.db, id, paths, jc);
      setState(ctx.db, id, 'running');
      await options.afterScan?.();
      await processPending(ctx, id, jc, options);
      const counts = finish(ctx.db, id, jc.signal.aborted ? 'cancelled' : 'done');
      jc.throwIfCancelled();
      return { importJobId: id, ...counts, seconds: (Date.now() - t0) / 1000, resumed, errors: importErrors(ctx.db, id) };
    } catch (err) {
      // The server is stopping with batches on the queue: left running (read as interrupted), so its next start resumes it.
      if (err instanceof RunCutOff) throw err;
      // A full disk is not the files' fault: the job stays resumable (importing the same
      // folder again, or the next start, continues it) and the message says what to do.
      const full = (err as { code?: string }).code === 'SQLITE_FULL';
      try {
        finish(ctx.db, id, jc.signal.aborted ? 'cancelled' : full ? 'interrupted' : 'failed');
      } catch {
        // the same full disk may refuse this update too; the job then reads as cut off, which it is
      }
      if (full) {
        throw new ApiError(
          'io',
          `The disk holding the catalogue is full. Free some space, then import the same folder again: it continues where it stopped (${countFiles(ctx.db, id).imported} image(s) kept, nothing lost).`,
        ).translated('importDiskFull', { kept: countFiles(ctx.db, id).imported });
      }
      throw err;
    } finally {
      live.delete(id);
      ctx.events.emit({ type: 'catalogue-changed', reason: 'import' });
    }
  });
  return { jobId: job.id, importJobId: id, resumed, done: job.done };
}

/** Write the queue: every file under the paths, as pending rows (already queued rows are kept as they are). */
async function scan(db: Database, id: number, paths: string[], jc: JobContext): Promise<void> {
  jc.progress({ message: 'scanning' });
  const targets: ImportTarget[] = paths.map((p) => resolveTarget(db, p));
  const insert = db.prepare("INSERT OR IGNORE INTO import_files (job_id, root_id, rel_path, state, error) VALUES (?, ?, ?, ?, ?)");
  const write = db.transaction((rows: [number, string, string | null][]) => {
    for (const [rootId, rel, error] of rows) insert.run(id, rootId, rel, error ? 'failed' : 'pending', error);
  });
  let chunk: [number, string, string | null][] = [];
  let seen = 0;
  const flush = () => {
    write(chunk);
    seen += chunk.length;
    chunk = [];
    jc.progress({ found: seen });
  };
  for (const t of targets) {
    if (t.kind === 'file') {
      chunk.push([t.rootId, t.rel, null]);
      continue;
    }
    const owner = nestedRoots(db, t);
    for await (const entry of walk(t.rootPath, t.rel)) {
      jc.throwIfCancelled();
      const at = owner(entry.rel);
      chunk.push([at.rootId, at.rel, entry.error ?? null]);
      if (chunk.length >= QUEUE_CHUNK) flush();
    }
  }
  flush();
  const { found } = countFiles(db, id);
  if (found === 0) {
    throw new ApiError('invalid_input', `Nothing to import: ${paths.map((p) => `"${p}"`).join(', ')} contains no files (hidden and system files are skipped)`).translated('noFiles', {
      paths: paths.map((p) => `"${p}"`).join(', '),
    });
  }
  db.prepare('UPDATE import_jobs SET found = ? WHERE id = ?').run(found, id);
}

/** Analyse pending files in the worker pool and record results in batched transactions. */
async function processPending(ctx: ImportServices, id: number, jc: JobContext, options: ImportOptions): Promise<void> {
  const db = ctx.db;
  const counts = countFiles(db, id);
  const report = (rateFromHere = false) =>
    jc.progress({ found: counts.found, done: counts.imported, skipped: counts.duplicates + counts.unchanged, failed: counts.failed, message: null, rateFromHere });
  // Rate and ETA count this run's files from here: not the scan, nor files an earlier run (resumed) finished.
  report(true);
  if (counts.pending === 0) return;
  const writer = new ImportWriter(db, id);
  const pool: Analyser = ctx.remote ? ctx.remote.analyser({ runId: jc.id, importJobId: id, signal: jc.signal }) : new ImportPool(options.workers);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const batchSize = options.batchSize ?? 64;
  const maxInFlight = pool.size * 4;
  const page = db.prepare(
    `SELECT f.rowid AS rowid, f.root_id AS rootId, r.path AS rootPath, f.rel_path AS rel FROM import_files f JOIN import_roots r ON r.id = f.root_id
     WHERE f.job_id = ? AND f.state = 'pending' AND f.rowid > ? ORDER BY f.rowid LIMIT 256`,
  );
  let results: { file: QueuedFile; result: AnalyseResult }[] = [];
  let lastFlush = Date.now();
  // The first batch waits for the workers to start (load the decoder), a one-off cost that made
  // the first estimate "1.7 files/s, about 72 s left" for a 2 s import: the rate counts from it.
  let firstBatch = true;
  const write = db.transaction((items: typeof results) => {
    for (const { file, result } of items) {
      const state: FileState | null = writer.apply(file, result);
      if (state) counts[state === 'duplicate' ? 'duplicates' : state]++;
    }
  });
  const flush = () => {
    if (!results.length) return;
    const items = results;
    results = [];
    write(items);
    lastFlush = Date.now();
    report(firstBatch);
    firstBatch = false;
    options.onBatch?.({ ...counts });
  };
  let failure: unknown = null;
  const inFlight = new Set<Promise<void>>();
  let after = 0;
  try {
    for (;;) {
      const rows = page.all(id, after) as QueuedFile[];
      if (!rows.length || jc.signal.aborted || failure) break;
      for (const file of rows) {
        after = file.rowid;
        while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
        if (jc.signal.aborted || failure) break;
        const p: Promise<void> = pool
          .run({ key: file.rowid, path: path.join(file.rootPath, ...file.rel.split('/')), known: writer.known(file), maxPixels })
          .then((result) => {
            results.push({ file, result });
            if (results.length >= batchSize || Date.now() - lastFlush > FLUSH_MS) flush();
          })
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    }
    await Promise.all(inFlight);
    flush();
  } finally {
    await pool.close();
  }
  // Stopped: batches the queue withdrew reject, and their files stay pending for Continue.
  if (failure && !jc.signal.aborted) throw failure;
}
