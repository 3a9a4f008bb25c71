import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { describeSqliteError } from '../db/open.js';
import { isOwnBackbone } from './backbone-info.js';

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

export interface PruneResult extends StaleTotals {
  vacuumed: boolean;
  /** The catalogue's size on disk before and after, or null where it cannot be read. */
  fileBytesBefore: number | null;
  fileBytesAfter: number | null;
}

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
    .filter((b) => !isOwnBackbone(b))
    .map((backbone) => {
      const vectors = count.get(backbone) as number;
      return { backbone, vectors, bytes: vectors * (width.get(backbone) as number) };
    });
}

/** Delete the stale embeddings in one transaction; returns what was removed. */
export function pruneStaleEmbeddings(db: Database): StaleBackbone[] {
  return db.transaction(() => {
    const stale = staleEmbeddings(db);
    const del = db.prepare('DELETE FROM embeddings WHERE backbone = ?');
    for (const s of stale) del.run(s.backbone);
    return stale;
  })();
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

/**
 * Delete the stale embeddings and, when asked, rewrite the file so it shrinks
 * (SQLite otherwise keeps the freed pages for new data). The deletion commits
 * first, so a compaction that fails (VACUUM needs free space up to twice
 * the catalogue's size) loses nothing and says what did happen.
 */
export function pruneAndCompact(db: Database, file: string, options: { vacuum?: boolean } = {}): PruneResult {
  const fileBytesBefore = catalogueBytes(file);
  const removed = withTotals(pruneStaleEmbeddings(db));
  const vacuumed = Boolean(options.vacuum && removed.vectors);
  if (vacuumed) compact(db, file, removed);
  return { ...removed, vacuumed, fileBytesBefore, fileBytesAfter: catalogueBytes(file) };
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
