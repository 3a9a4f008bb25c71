import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { loadMigrations, migrate, schemaVersion, type Migration } from './migrate.js';
import { nativeBindingForRuntime } from './native.js';

export interface OpenOptions {
  /** Create the file if it does not exist (default true). */
  create?: boolean;
  migrations?: Migration[];
  /** Stop at this schema version (migration tests). */
  upTo?: number;
}

export interface OpenedCatalogue {
  db: Database;
  path: string;
  schemaVersion: number;
  /** Where the pre-migration copy went, if one was made. */
  backupPath: string | null;
  /** Whether this open made the file (a new catalogue). */
  created: boolean;
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

function fail(message: string): never {
  throw new ApiError('catalogue', message);
}

function checkHeader(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = fs.readSync(fd, buf, 0, 16, 0);
    if (n === 0) return; // an empty file is a new catalogue
    if (n < 16 || buf.toString('latin1') !== SQLITE_HEADER) {
      fail(`"${file}" is not a Canting catalogue (it is not an SQLite database). Nothing was changed.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function checkWritableFolder(file: string): void {
  const dir = path.dirname(file);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK);
  } catch {
    fail(`The catalogue "${file}" is in a read-only location. Copy it to a folder you can write to, then open it there.`);
  }
}

/** Translate SQLite's error codes into what an archivist can act on. */
export function describeSqliteError(err: unknown, file: string): ApiError {
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ApiError('catalogue', `The catalogue "${file}" is open in another Canting window or process. Close it there first.`);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new ApiError('catalogue', `The catalogue "${file}" is damaged or is not a Canting catalogue. Restore it from a backup (Canting keeps *.backup-*.sqlite copies next to it).`);
  }
  if (code === 'SQLITE_FULL') {
    return new ApiError('io', `The disk holding "${file}" is full. Free some space; nothing was lost.`);
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR') {
    return new ApiError('catalogue', `Cannot write to the catalogue "${file}" (${code}). Check the disk and its permissions.`);
  }
  return err instanceof ApiError ? err : new ApiError('catalogue', `Cannot open "${file}": ${(err as Error).message}`);
}

/**
 * A failed job's message: SQLite's storage errors (disk full, read-only or failing
 * disk, damaged file, locked) in words a user can act on; anything else as it is.
 */
export function describeJobError(err: unknown, file: string): string {
  const code = (err as { code?: string }).code ?? '';
  if (/^SQLITE_(FULL|READONLY|IOERR|CORRUPT|NOTADB|BUSY|LOCKED)/.test(code)) return describeSqliteError(err, file).message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * How long the app's connection waits for a lock: another Canting's when
 * opening, or a worker's while the catalogue is lent (db/lend.ts). The wait
 * blocks the thread, so it stays short: a write then fails with a message
 * rather than freezing the window.
 */
export const BUSY_TIMEOUT_MS = 300;

/** Per-connection settings every Canting connection to a catalogue uses. */
function applyConnectionSettings(db: Database): void {
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/**
 * A second connection to a catalogue this process has opened and lent out
 * (db/lend.ts), for a worker thread: no exclusive lock, no checks or
 * migration (the owner did those), the same settings otherwise. Pass the
 * owner's `nativeBindingForRuntime()`: that thread knows which build of
 * better-sqlite3 its runtime needs (Electron's own in the app).
 */
export function openSecondConnection(file: string, options: { nativeBinding: string | undefined; timeoutMs: number }): Database {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, { nativeBinding: options.nativeBinding, timeout: options.timeoutMs, fileMustExist: true });
    applyConnectionSettings(db);
    // The owner's exclusive lock shows here as SQLITE_BUSY, so a connection that could not read is never handed out.
    schemaVersion(db);
    return db;
  } catch (err) {
    db?.close();
    throw describeSqliteError(err, file);
  }
}

function isCantingSchema(db: Database): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('images', 'facets', 'audit_log')").get() as { n: number };
  return row.n === 3;
}

/**
 * Opens (or creates) a catalogue: checks what the file is, refuses newer
 * schemas, backs up before migrating, and holds an exclusive lock so a second
 * Canting cannot write to the same file (the OS drops it if we crash).
 */
export async function openCatalogue(file: string, options: OpenOptions = {}): Promise<OpenedCatalogue> {
  const abs = path.resolve(file);
  const exists = fs.existsSync(abs);
  if (!exists && options.create === false) fail(`The catalogue "${abs}" does not exist.`);
  if (!exists && !fs.existsSync(path.dirname(abs))) fail(`The folder for the catalogue "${abs}" does not exist.`);
  if (exists) {
    if (fs.statSync(abs).isDirectory()) fail(`"${abs}" is a folder, not a catalogue file.`);
    checkHeader(abs);
  }
  checkWritableFolder(abs);

  const migrations = options.migrations ?? loadMigrations();
  const latest = options.upTo ?? migrations.length;
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(abs, { nativeBinding: nativeBindingForRuntime(), timeout: BUSY_TIMEOUT_MS });
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    applyConnectionSettings(db);
    // Touch the file so the exclusive lock is taken now, not on first query.
    const version = schemaVersion(db);
    db.exec('BEGIN IMMEDIATE; COMMIT;');

    if (version > migrations.length) {
      fail(`The catalogue "${abs}" was made by a newer Canting (schema v${version}; this version knows up to v${migrations.length}). Update Canting to open it. Nothing was changed.`);
    }
    const hasTables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n > 0;
    if (version === 0 && hasTables) {
      fail(`"${abs}" is an SQLite database but not a Canting catalogue. Nothing was changed.`);
    }
    if (version > 0 && !isCantingSchema(db)) {
      fail(`"${abs}" is an SQLite database but not a Canting catalogue. Nothing was changed.`);
    }

    let backupPath: string | null = null;
    if (version > 0 && version < latest) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      backupPath = `${abs}.backup-v${version}-${stamp}.sqlite`;
      await db.backup(backupPath);
    }
    const now = migrate(db, migrations, latest);
    return { db, path: abs, schemaVersion: now, backupPath, created: !exists };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already failing; the original error matters more
    }
    throw describeSqliteError(err, abs);
  }
}
