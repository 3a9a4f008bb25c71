import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';

/**
 * Let a second connection of this process (a worker thread's) into the
 * catalogue while `work` runs, then take the exclusive lock back.
 *
 * The app holds its catalogue with locking_mode=EXCLUSIVE, which shuts out
 * every other connection, this process's included, and a connection that
 * entered WAL mode exclusively cannot drop to NORMAL without leaving WAL. So
 * lending leaves WAL (a checkpoint), drops to NORMAL and enters WAL again,
 * now with a shared-memory index both connections use. Meanwhile this
 * connection's WAL keeps a shared lock on the file, which is enough to keep
 * another Canting out: it asks for an exclusive one.
 */
export async function withCatalogueLent<T>(db: Database, work: () => Promise<T>): Promise<T> {
  lend(db);
  try {
    return await work();
  } finally {
    reclaim(db);
  }
}

function lend(db: Database): void {
  if (db.inTransaction) throw notNow('a transaction is open');
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('locking_mode = NORMAL');
    db.pragma('journal_mode = WAL');
    // The exclusive lock is only let go on the next access.
    db.pragma('user_version');
  } catch (err) {
    reclaim(db);
    throw notNow((err as Error).message);
  }
  if (db.pragma('locking_mode', { simple: true }) !== 'normal') {
    reclaim(db);
    throw notNow('the lock could not be shared');
  }
}

function reclaim(db: Database): void {
  if (!db.open) return;
  db.pragma('journal_mode = WAL');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN IMMEDIATE; COMMIT;');
  } catch {
    // Busy for a moment: the exclusive lock is then taken by this connection's next write.
  }
}

function notNow(why: string): ApiError {
  return new ApiError('conflict', `The catalogue could not be handed to a background worker (${why}). Nothing was changed; try again when other work has finished.`);
}
