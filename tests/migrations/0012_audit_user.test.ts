import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

const VERSION = loadMigrations().find((m) => m.name === 'audit_user')!.version;

function catalogue() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), VERSION - 1);
  db.exec(`
    INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at) VALUES (7, 'sari', 'Sari', 'validator', 'scrypt$x', 't', 't');
    INSERT INTO audit_log (at, actor, action, entity) VALUES ('2026-01-01', 'Sari', 'note', 'review');
  `);
  const before = db.prepare('SELECT * FROM audit_log ORDER BY id').all();
  expect(migrate(db, loadMigrations(), VERSION)).toBe(VERSION);
  return { db, before };
}

const log = (db: BetterSqlite3.Database, userId: number | null) =>
  db.prepare("INSERT INTO audit_log (at, actor, action, entity, user_id) VALUES ('2026-02-01', 'Sari', 'note', 'review', ?)").run(userId);

describe('migration audit_user', () => {
  it('keeps earlier entries as they were, with no user (typed names)', () => {
    const { db, before } = catalogue();
    expect(db.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(before.map((r) => ({ ...(r as object), user_id: null })));
    db.close();
  });

  it("records a signed-in user's id, and finds one person's entries by it", () => {
    const { db } = catalogue();
    log(db, 7);
    log(db, null);
    expect(db.prepare('SELECT user_id FROM audit_log ORDER BY id').pluck().all()).toEqual([null, 7, null]);
    expect(db.prepare('SELECT count(*) FROM audit_log WHERE user_id = 7').pluck().get()).toBe(1);
    db.close();
  });
});
