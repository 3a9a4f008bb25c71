import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

/** A version-4 catalogue with two model versions of the motif facet (one active) and a prediction from one. */
function v4WithModels() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  expect(migrate(db, loadMigrations(), 4)).toBe(4);
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES
      (1, 'h1', 1, 'a/1.jpg', '1.jpg', 10, 8, 8, 'jpeg', '2026-01-01');
    INSERT INTO models (id, facet_id, version, source, backbone, labels, manifest, topology, weights, metrics, training, active, created_at) VALUES
      (1, 2, 'motif-v1', 'bundled', 'bb', '["kawung","parang"]', '{}', '{}', x'00010203', NULL, '{}', 0, 't'),
      (2, 2, 'motif-v2', 'trained', 'bb', '["kawung","parang"]', '{}', '{}', x'0405', '{"accuracy":0.5}', '{}', 1, 't');
    INSERT INTO predictions (id, image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at)
      SELECT 1, 1, 2, 2, id, 0.9, 0.1, '[]', 't' FROM labels WHERE facet_id = 2 AND key = 'kawung';
  `);
  return db;
}

describe('migration 0005_model_backbone_top', () => {
  it('keeps every model row, with no fine-tuned top block', () => {
    const db = v4WithModels();
    const before = db.prepare('SELECT * FROM models ORDER BY id').all() as Record<string, unknown>[];
    const predictions = db.prepare('SELECT * FROM predictions').all();
    expect(migrate(db, loadMigrations(), 5)).toBe(5);
    const after = db.prepare('SELECT * FROM models ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toEqual(before.map((r) => ({ ...r, backbone_top: null })));
    expect(db.prepare('SELECT * FROM predictions').all()).toEqual(predictions);
    expect(db.prepare("SELECT id FROM models WHERE facet_id = 2 AND active = 1").pluck().all()).toEqual([2]);
    db.close();
  });

  it('stores a top block as a blob', () => {
    const db = v4WithModels();
    migrate(db, loadMigrations(), 5);
    const top = Buffer.from([0, 1, 2, 255, 128]);
    db.prepare('UPDATE models SET backbone_top = ? WHERE id = 2').run(top);
    const stored = db.prepare('SELECT backbone_top FROM models WHERE id = 2').pluck().get() as Buffer;
    expect(Buffer.isBuffer(stored) && stored.equals(top)).toBe(true);
    expect(db.prepare('SELECT backbone_top FROM models WHERE id = 1').pluck().get()).toBeNull();
    // STRICT: a BLOB column takes blobs only.
    expect(() => db.prepare("UPDATE models SET backbone_top = 'text' WHERE id = 1").run()).toThrow(/cannot store TEXT value in BLOB column/);
    db.close();
  });
});
