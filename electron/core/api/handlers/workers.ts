import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { workersCalls } from '../../../common/contract/workers.js';
import type { QueueFile } from '../../../common/queue-protocol.js';
import { ApiError } from '../../../common/errors.js';
import { originalPath } from '../../review/thumbnails.js';
import type { Reporter } from '../../queue/worker-registry.js';
import type { Caller } from '../caller.js';
import type { HandlerTable } from '../types.js';

/** The largest photo served to a worker over the API (base64 in JSON); larger ones need shared storage and --map. */
export const MAX_WORKER_FILE_BYTES = 256 * 1024 * 1024;

const reporter = (caller: Caller): Reporter =>
  caller.kind === 'user' ? { userId: caller.user.id, username: caller.user.username } : { userId: null, username: null };

/**
 * Where the server keeps the file a job refers to: an image of the catalogue,
 * or a file of an import still being analysed (import_files' rowid). Always
 * the server's own record, under its import root; the worker names only the ref.
 */
function serverPath(db: Database, ref: QueueFile['ref']): string {
  if (ref.kind === 'image') return originalPath(db, ref.imageId).file;
  const row = db
    .prepare('SELECT f.rel_path, r.path AS root FROM import_files f JOIN import_roots r ON r.id = f.root_id WHERE f.job_id = ? AND f.rowid = ?')
    .get(ref.importJobId, ref.fileId) as { rel_path: string; root: string } | undefined;
  if (!row) throw new ApiError('not_found', `Import ${ref.importJobId} has no file ${ref.fileId}`);
  const root = path.resolve(row.root);
  const file = path.resolve(root, row.rel_path);
  if (!file.startsWith(root + path.sep)) throw new ApiError('catalogue', `File ${ref.fileId} of import ${ref.importJobId} has a path outside its import folder`);
  return file;
}

async function readForWorker(file: string): Promise<{ base64: string; sizeBytes: number }> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new ApiError('not_found', `The photo is no longer at ${file} on the server`);
  if (stat.size > MAX_WORKER_FILE_BYTES) {
    throw new ApiError('unsupported', `${path.basename(file)} is over ${MAX_WORKER_FILE_BYTES / 2 ** 20} MB: give the worker the shared folder with --map`);
  }
  const bytes = await fs.readFile(file);
  return { base64: bytes.toString('base64'), sizeBytes: bytes.length };
}

export const workersHandlers: HandlerTable<keyof typeof workersCalls> = {
  'worker.hello': (input, ctx, caller) => ctx.workerRegistry.hello(input, reporter(caller)),
  'worker.heartbeat': (input, ctx, caller) => ({ known: ctx.workerRegistry.heartbeat(input.name, { jobsDone: input.jobsDone, imagesDone: input.imagesDone, imagesPerSecond: input.imagesPerSecond, refusing: input.refusing, running: input.running }, reporter(caller)) }),
  'worker.bye': (input, ctx, caller) => ({ known: ctx.workerRegistry.bye(input.name, reporter(caller)) }),
  'worker.file': (input, ctx) => readForWorker(serverPath(ctx.db, input.ref)),
  'workers.list': (_input, ctx) => ctx.workerRegistry.list(),
};
