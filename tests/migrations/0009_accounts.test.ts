import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

const VERSION = loadMigrations().find((m) => m.name === 'accounts')!.version;

function migrated() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), VERSION - 1);
  db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Sari')").run();
  expect(migrate(db, loadMigrations(), VERSION)).toBe(VERSION);
  return db;
}

const addUser = (db: BetterSqlite3.Database, username: string, role = 'viewer') =>
  db
    .prepare("INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'scrypt$x', 't', 't')")
    .run(username, username, role);

describe('migration accounts', () => {
  it('leaves an existing catalogue single-seat, its settings untouched', () => {
    const db = migrated();
    expect(db.prepare('SELECT count(*) FROM team').pluck().get()).toBe(0);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'validator'").pluck().get()).toBe('Sari');
    db.close();
  });

  it('refuses a second account whose name differs only in case, and an unknown role', () => {
    const db = migrated();
    addUser(db, 'Sari');
    expect(() => addUser(db, 'sARI')).toThrow(/UNIQUE/);
    expect(() => addUser(db, 'budi', 'owner')).toThrow(/CHECK/);
    expect(db.prepare("SELECT username FROM users WHERE username = 'SARI'").pluck().get()).toBe('Sari');
    db.close();
  });

  it('allows one team row, and keeps sign-in events append-only', () => {
    const db = migrated();
    db.prepare("INSERT INTO team (id, enabled_at) VALUES (1, 't')").run();
    expect(() => db.prepare("INSERT INTO team (id, enabled_at) VALUES (2, 't')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO sign_in_events (at, username, success, reason) VALUES ('t', 'x', 0, 'bad_password')").run();
    expect(() => db.prepare('DELETE FROM sign_in_events').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE sign_in_events SET success = 1').run()).toThrow(/append-only/);
    db.close();
  });
});
