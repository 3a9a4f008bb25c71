import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

function fresh() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  return db;
}

describe('migration 0001_initial', () => {
  it('creates the v1 schema with the research facets', () => {
    const db = fresh();
    expect(migrate(db, loadMigrations(), 1)).toBe(1);
    expect(schemaVersion(db)).toBe(1);
    const tema = db.prepare("SELECT l.name FROM labels l JOIN facets f ON f.id = l.facet_id WHERE f.key = 'tema' ORDER BY position").all();
    expect(tema.map((r) => (r as { name: string }).name)).toEqual(['Arsitektur', 'Budaya', 'Fauna', 'Flora']);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r) => (r as { name: string }).name);
    for (const t of ['images', 'import_roots', 'import_jobs', 'facets', 'labels', 'predictions', 'reviews', 'audit_log', 'models', 'embeddings', 'thumbnails']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('keeps the audit log append-only', () => {
    const db = fresh();
    migrate(db, loadMigrations(), 1);
    db.prepare("INSERT INTO audit_log (at, actor, action, entity) VALUES ('t', 'Sari', 'validate', 'review')").run();
    expect(() => db.prepare("UPDATE audit_log SET actor = 'X'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT actor FROM audit_log').all()).toEqual([{ actor: 'Sari' }]);
    db.close();
  });

  it('enforces strict types and one active model per facet', () => {
    const db = fresh();
    migrate(db, loadMigrations(), 1);
    expect(() => db.prepare("INSERT INTO import_roots (path, created_at) VALUES (?, 'now')").run(Buffer.from([1, 2]))).toThrow(/cannot store BLOB/);
    const insertModel = db.prepare(
      "INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at) VALUES (2, ?, 'trained', 'b', '[]', '{}', '{}', x'00', 1, 'now')",
    );
    insertModel.run('v1');
    expect(() => insertModel.run('v2')).toThrow(/UNIQUE/);
    db.close();
  });

  it('is idempotent: migrating again changes nothing', () => {
    const db = fresh();
    migrate(db, loadMigrations(), 1);
    db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Sari')").run();
    expect(migrate(db, loadMigrations(), 1)).toBe(1);
    expect(db.prepare('SELECT value FROM settings').all()).toEqual([{ value: 'Sari' }]);
    db.close();
  });
});
