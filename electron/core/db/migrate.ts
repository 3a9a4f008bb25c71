import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../app/paths.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads migrations/NNNN_name.sql in order and checks the numbers have no gaps. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => FILE_PATTERN.test(f)).sort();
  const migrations = files.map((file) => {
    const [, num, name] = FILE_PATTERN.exec(file)!;
    return { version: Number(num), name, sql: fs.readFileSync(path.join(dir, file), 'utf8') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration numbering has a gap or duplicate at ${m.version}_${m.name}`);
  });
  return migrations;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the file's user_version, each in its own
 * transaction that also bumps user_version, so a crash between two migrations
 * leaves a consistent file at the older version.
 */
export function migrate(db: Database, migrations: Migration[] = loadMigrations(), upTo?: number): number {
  const target = upTo ?? migrations.length;
  let current = schemaVersion(db);
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    current = m.version;
  }
  return current;
}
