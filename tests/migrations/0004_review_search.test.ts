import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

/** A version-3 catalogue with file names and review notes on two facets, one image superseded. */
function v3WithRows() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  expect(migrate(db, loadMigrations(), 3)).toBe(3);
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES
      (1, 'h1', 1, 'a/Kawung_01.jpg', 'Kawung_01.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (2, 'h2', 1, 'a/川の模様.png', '川の模様.png', 10, 8, 8, 'png', '2026-01-02'),
      (3, 'h3', 1, 'b/old.jpg', 'old.jpg', 10, 8, 8, 'jpeg', '2026-01-03'),
      (4, 'h4', 1, 'b/new.jpg', 'new.jpg', 10, 8, 8, 'jpeg', '2026-01-04');
    UPDATE images SET superseded_by = 4 WHERE id = 3;
    INSERT INTO reviews (image_id, facet_id, status, label_id, validator, note, updated_at, revision) VALUES
      (1, 2, 'validated', 5, 'Sari', 'cap 50%', 't', 1),
      (1, 1, 'rejected', NULL, 'Sari', 'bukan batik', 't', 1);
  `);
  return db;
}

describe('migration 0004_review_search', () => {
  it('indexes the file name and notes of every image in the grid and keeps every row', () => {
    const db = v3WithRows();
    const before = db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all();
    expect(migrate(db, loadMigrations(), 4)).toBe(4);
    expect(db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(4);
    expect(db.prepare('SELECT rowid AS id, file_name, notes FROM review_search ORDER BY rowid').all()).toEqual([
      // notes of both facets, one per line (tema is facet 1)
      { id: 1, file_name: 'Kawung_01.jpg', notes: 'bukan batik\ncap 50%' },
      { id: 2, file_name: '川の模様.png', notes: null },
      // image 3 is superseded: not in the grid, not in the index
      { id: 4, file_name: 'new.jpg', notes: null },
    ]);
    const match = (q: string) => db.prepare('SELECT rowid FROM review_search WHERE review_search MATCH ? ORDER BY rowid').pluck().all(q);
    expect(match('"kawung_"')).toEqual([1]);
    expect(match('"50%"')).toEqual([1]);
    expect(match('"の模様"')).toEqual([2]);
    db.close();
  });

  it('keeps the index in step with notes, renames and new images after the upgrade', () => {
    const db = v3WithRows();
    migrate(db, loadMigrations(), 4);
    const doc = (id: number) => db.prepare('SELECT file_name, notes FROM review_search WHERE rowid = ?').get(id);
    db.prepare("UPDATE reviews SET note = 'sogan' WHERE image_id = 1 AND facet_id = 2").run();
    expect(doc(1)).toEqual({ file_name: 'Kawung_01.jpg', notes: 'bukan batik\nsogan' });
    db.prepare("UPDATE images SET file_name = 'renamed.jpg' WHERE id = 2").run();
    expect(doc(2)).toEqual({ file_name: 'renamed.jpg', notes: null });
    db.prepare("INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES (5, 'h5', 1, 'c/5.jpg', '5.jpg', 1, 8, 8, 'jpeg', 't')").run();
    expect(doc(5)).toEqual({ file_name: '5.jpg', notes: null });
    db.prepare('DELETE FROM images WHERE id = 5').run();
    expect(doc(5)).toBeUndefined();
    db.close();
  });
});
