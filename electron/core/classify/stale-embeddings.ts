import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { PrunedEmbeddings } from '../../common/contract/index.js';
import { describeJobError, describeSqliteError } from '../db/open.js';
import { isOwnBackbone } from './backbone-info.js';
import { findBackbone } from './backbones/definitions.js';

/**
 * Embeddings cached under backbone ids this release no longer computes (an
 * earlier release's features). Nothing classifies or trains with them any
 * more; only comparisons and reports of versions trained on them read them.
 * They can be large (a 1280-d vector is 5 KB, per image and augmented view),
 * so an archive short of disk space can drop them on request, never
 * automatically.
 */
export interface StaleBackbone {
  backbone: string;
  vectors: number;
  bytes: number;
}

export interface StaleTotals {
  backbones: StaleBackbone[];
  vectors: number;
  bytes: number;
}

/** The contract's PrunedEmbeddings: the prune job's result. */
export type PruneResult = PrunedEmbeddings;

/**
 * The Models panel asks on every opening, so this stays cheap on a large
 * catalogue: the distinct backbones come from the primary-key index, and only
 * stale ones are counted. Summing the vectors' lengths reads every row: on
 * 100,000 current vectors (development machine) that took 4.8 s, this takes
 * 0.07–0.18 s; with 100,000 stale ones beside them, 8.7 s against 0.3–2.6 s.
 * A backbone's vectors all have its width, so one length will do.
 */
export function staleEmbeddings(db: Database): StaleBackbone[] {
  const backbones = db.prepare('SELECT DISTINCT backbone FROM embeddings ORDER BY backbone').pluck().all() as string[];
  const count = db.prepare('SELECT COUNT(*) FROM embeddings WHERE backbone = ?').pluck();
  const width = db.prepare('SELECT length(vector) FROM embeddings WHERE backbone = ? LIMIT 1').pluck();
  return backbones
    // Every pipeline this release computes is current, whichever the catalogue uses now (switching back reuses them).
    .filter((b) => !isOwnBackbone(b) && !findBackbone(b))
    .map((backbone) => {
      const vectors = count.get(backbone) as number;
      return { backbone, vectors, bytes: vectors * (width.get(backbone) as number) };
    });
}

export function withTotals(backbones: StaleBackbone[]): StaleTotals {
  return {
    backbones,
    vectors: backbones.reduce((a, s) => a + s.vectors, 0),
    bytes: backbones.reduce((a, s) => a + s.bytes, 0),
  };
}

/** The catalogue file plus its write-ahead log: until a checkpoint, recent pages live in the log. */
export function catalogueBytes(file: string): number | null {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  try {
    return fs.existsSync(file) ? size(file) + size(`${file}-wal`) : null;
  } catch {
    return null;
  }
}

/** How far a deletion has got, reported after each chunk and once more before compacting. */
export interface PruneProgress {
  deleted: number;
  total: number;
  compacting: boolean;
}

export interface PruneOptions {
  vacuum?: boolean;
  /**
   * Rows per transaction. Each commit lets another connection's writes in:
   * 500 rows of 5 KB took about 40 ms on the development machine (2,000 took
   * 150 ms), well inside the 300 ms the app's own connection waits for a lock.
   */
  chunkRows?: number;
  onProgress?(progress: PruneProgress): void;
  /** Asked before each chunk: true stops there (the chunks done stay deleted). */
  stopRequested?(): boolean;
  /** Called between chunks, outside any transaction (the app's worker pauses there so its other writers get in). */
  betweenChunks?(): void;
}

const CHUNK_ROWS = 500;

/**
 * Delete the stale embeddings a chunk at a time and, when asked, rewrite the
 * file so it shrinks (SQLite otherwise keeps the freed pages for new data).
 * Synchronous: the CLI calls it on its own connection, the app in a worker
 * thread (classify/prune-job.ts). The deletion commits before compacting, so
 * a compaction that fails (VACUUM needs free space up to twice the
 * catalogue's size) loses nothing and says what did happen; a stop or a
 * failure part-way keeps the chunks already deleted and says how many.
 */
export function pruneAndCompact(db: Database, file: string, options: PruneOptions = {}): PruneResult {
  const fileBytesBefore = catalogueBytes(file);
  const stale = staleEmbeddings(db);
  const total = stale.reduce((a, s) => a + s.vectors, 0);
  const removed = withTotals(deleteInChunks(db, file, stale, total, options));
  const vacuumed = Boolean(options.vacuum && removed.vectors);
  if (vacuumed) {
    options.onProgress?.({ deleted: removed.vectors, total, compacting: true });
    compact(db, file, removed);
  }
  return { ...removed, vacuumed, fileBytesBefore, fileBytesAfter: catalogueBytes(file) };
}

/** What was deleted, per backbone (with the bytes its vectors took). */
function deleteInChunks(db: Database, file: string, stale: StaleBackbone[], total: number, options: PruneOptions): StaleBackbone[] {
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  // Walks the primary-key index (image_id first) from where the last chunk ended, so each chunk reads only its own rows.
  const pick = db.prepare('SELECT rowid AS id, image_id AS imageId FROM embeddings WHERE image_id >= ? AND backbone = ? ORDER BY image_id LIMIT ?');
  const del = db.prepare('DELETE FROM embeddings WHERE rowid = ?');
  // IMMEDIATE takes the write lock before reading, so a commit by another connection between the read and the delete cannot fail it.
  const chunk = db.transaction((backbone: string, from: number) => {
    const rows = pick.all(from, backbone, chunkRows) as { id: number; imageId: number }[];
    let n = 0;
    for (const r of rows) n += del.run(r.id).changes;
    return { n, last: rows.at(-1)?.imageId ?? null };
  });
  const removed = stale.map((s) => ({ ...s, vectors: 0, bytes: 0 }));
  let deleted = 0;
  let chunks = 0;
  try {
    for (const [i, s] of stale.entries()) {
      const width = s.vectors ? s.bytes / s.vectors : 0;
      for (let from = 0; ; ) {
        if (chunks++) options.betweenChunks?.();
        if (options.stopRequested?.()) throw stopped(deleted, total);
        const { n, last } = chunk.immediate(s.backbone, from);
        if (last === null) break;
        from = last;
        removed[i].vectors += n;
        removed[i].bytes += n * width;
        deleted += n;
        options.onProgress?.({ deleted, total, compacting: false });
      }
    }
  } catch (err) {
    throw err instanceof ApiError && err.code === 'cancelled' ? err : deleteFailed(err, file, deleted, total);
  }
  return removed.filter((r) => r.vectors > 0);
}

function stopped(deleted: number, total: number): ApiError {
  return new ApiError(
    'cancelled',
    deleted
      ? `Stopped after deleting ${deleted} of ${total} old vector(s); the other ${total - deleted} are still in the catalogue (delete again to finish).`
      : `Stopped before deleting anything; the ${total} old vector(s) are still in the catalogue.`,
  );
}

function deleteFailed(err: unknown, file: string, deleted: number, total: number): ApiError {
  const code = (err as { code?: unknown }).code;
  const cause = describeJobError(err, file);
  const kept = deleted
    ? `${deleted} of ${total} old vector(s) had been deleted; the other ${total - deleted} are still in the catalogue.`
    : `Nothing was deleted.`;
  return new ApiError(
    typeof code === 'string' && code.startsWith('SQLITE_') ? describeSqliteError(err, file).code : 'internal',
    `Deleting the old vectors failed: ${cause}${/[.!?]$/.test(cause) ? '' : '.'} ${kept}`,
  );
}

function compact(db: Database, file: string, removed: StaleTotals): void {
  try {
    db.exec('VACUUM');
    // The rewritten pages sit in the log until a checkpoint; TRUNCATE moves them and empties it, so the file really shrinks now.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    throw compactFailed(err, file, removed);
  }
}

function compactFailed(err: unknown, file: string, removed: StaleTotals): ApiError {
  const kept = `The ${removed.vectors} old vector(s) were deleted; SQLite reuses their space for new data, but the file was not made smaller.`;
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_FULL') {
    const size = catalogueBytes(file);
    // SQLite's VACUUM writes a full copy (in the system's temporary folder) and may log up to as much again.
    const need = size === null ? 'up to twice the catalogue’s size' : `up to ${Math.ceil((2 * size) / 1e6)} MB, twice the catalogue’s size`;
    return new ApiError('io', `Not enough free disk space to compact "${file}": compacting needs ${need}, on the catalogue’s drive and in the system’s temporary folder. ${kept}`);
  }
  const cause = typeof code === 'string' && code.startsWith('SQLITE_') ? describeSqliteError(err, file) : new ApiError('io', (err as Error).message);
  return new ApiError(cause.code, `Compacting "${file}" failed: ${cause.message} ${kept}`);
}
