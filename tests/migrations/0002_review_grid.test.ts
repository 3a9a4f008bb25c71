import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

function v1WithRows() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), 1);
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at, dup_group, missing) VALUES
      (1, 'h1', 1, 'a/1.jpg', '1.jpg', 10, 8, 8, 'jpeg', '2026-01-01', 1, 0),
      (2, 'h2', 1, 'a/2.jpg', '2.jpg', 10, 8, 8, 'jpeg', '2026-01-02', 1, 1),
      (3, 'h3', 1, 'b/3.jpg', '3.jpg', 10, 8, 8, 'jpeg', '2026-01-03', NULL, 0),
      (4, 'h4', 1, 'b/3.jpg', '3.jpg', 10, 8, 8, 'jpeg', '2026-01-04', NULL, 0);
    UPDATE images SET superseded_by = 4 WHERE id = 3;
    INSERT INTO models (id, facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at) VALUES
      (1, 2, 'v1', 'bundled', 'b', '[]', '{}', '{}', x'00', 0, 't'),
      (2, 2, 'v2', 'trained', 'b', '[]', '{}', '{}', x'00', 1, 't');
    INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES
      (1, 2, 1, 5, 0.9, 0.2, '[]', '2026-01-01'),
      (1, 2, 2, 7, 0.6, 0.5, '[]', '2026-02-01'),
      (2, 2, 1, 6, 0.8, 0.3, '[]', '2026-01-01');
    INSERT INTO reviews (image_id, facet_id, status, label_id, validator, note, updated_at, revision) VALUES
      (2, 2, 'corrected', 8, 'Sari', 'cap', 't', 3);
    INSERT INTO hints (image_id, facet_id, label_id, source) VALUES (1, 2, 5, 'folder');
    INSERT INTO audit_log (at, actor, action, entity, image_id, facet_id, to_status, to_label_id) VALUES ('t', 'Sari', 'label', 'review', 2, 2, 'corrected', 8);
  `);
  return db;
}

describe('migration 0002_review_grid', () => {
  it('builds the review grid from existing rows and keeps every v1 row', () => {
    const db = v1WithRows();
    expect(migrate(db, loadMigrations(), 2)).toBe(2);
    const grid = db.prepare('SELECT image_id, facet_id, status, label_id, model_id, confidence, hint_label_id, revision, note, dup_group, missing FROM review_grid ORDER BY image_id, facet_id').all();
    expect(grid).toEqual([
      { image_id: 1, facet_id: 1, status: 'unreviewed', label_id: null, model_id: null, confidence: null, hint_label_id: null, revision: 0, note: null, dup_group: 1, missing: 0 },
      // the latest prediction (model v2) is the current one
      { image_id: 1, facet_id: 2, status: 'predicted', label_id: 7, model_id: 2, confidence: 0.6, hint_label_id: 5, revision: 0, note: null, dup_group: 1, missing: 0 },
      { image_id: 2, facet_id: 1, status: 'unreviewed', label_id: null, model_id: null, confidence: null, hint_label_id: null, revision: 0, note: null, dup_group: 1, missing: 1 },
      { image_id: 2, facet_id: 2, status: 'corrected', label_id: 8, model_id: 1, confidence: 0.8, hint_label_id: null, revision: 3, note: 'cap', dup_group: 1, missing: 1 },
      // image 3 is superseded by 4: not in the grid
      { image_id: 4, facet_id: 1, status: 'unreviewed', label_id: null, model_id: null, confidence: null, hint_label_id: null, revision: 0, note: null, dup_group: null, missing: 0 },
      { image_id: 4, facet_id: 2, status: 'unreviewed', label_id: null, model_id: null, confidence: null, hint_label_id: null, revision: 0, note: null, dup_group: null, missing: 0 },
    ]);
    expect(db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(4);
    expect(db.prepare('SELECT count(*) FROM predictions').pluck().get()).toBe(3);
    expect(db.prepare('SELECT note FROM reviews').pluck().all()).toEqual(['cap']);
    expect(db.prepare('SELECT actor FROM audit_log').pluck().all()).toEqual(['Sari']);
    db.close();
  });

  it('keeps the grid in step with later writes and a new facet', () => {
    const db = v1WithRows();
    migrate(db, loadMigrations(), 2);
    db.prepare("INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at, dup_group) VALUES (5, 'h5', 1, 'c/5.jpg', '5.jpg', 1, 8, 8, 'jpeg', 't', 4)").run();
    db.prepare('UPDATE images SET dup_group = 4 WHERE id = 4').run();
    expect(db.prepare('SELECT DISTINCT dup_group FROM review_grid WHERE image_id IN (4, 5)').pluck().all()).toEqual([4]);
    db.prepare('DELETE FROM images WHERE id = 5').run();
    expect(db.prepare('SELECT DISTINCT dup_group FROM review_grid WHERE image_id = 4').pluck().all()).toEqual([null]);
    db.prepare("INSERT INTO facets (key, name_id, name_en, created_at) VALUES ('asal', 'Asal', 'Origin', 't')").run();
    expect(db.prepare("SELECT count(*) FROM review_grid g JOIN facets f ON f.id = g.facet_id WHERE f.key = 'asal'").pluck().get()).toBe(3);
    db.prepare('DELETE FROM reviews WHERE image_id = 2').run();
    expect(db.prepare('SELECT status, label_id FROM review_grid WHERE image_id = 2 AND facet_id = 2').get()).toEqual({ status: 'predicted', label_id: 6 });
    db.close();
  });
});
