import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

const VERSION = loadMigrations().find((m) => m.name === 'review_decision_note_authors')!.version;

/**
 * A catalogue just before this migration where, as the old code did, a later
 * note moved reviews.updated_at: image 1 was corrected by Ayu at 12:35:48 and
 * noted by Bima at 15:02; image 2 was validated by Ayu with no audit entry
 * (written by another tool); image 3 has only a note.
 */
function beforeMigration() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  expect(migrate(db, loadMigrations(), VERSION - 1)).toBe(VERSION - 1);
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES
      (1, 'h1', 1, 'a/1.jpg', '1.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (2, 'h2', 1, 'a/2.jpg', '2.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (3, 'h3', 1, 'a/3.jpg', '3.jpg', 10, 8, 8, 'jpeg', '2026-01-01');
    INSERT INTO reviews (image_id, facet_id, status, label_id, validator, note, updated_at, revision) VALUES
      (1, 2, 'corrected', 5, 'Ayu', 'Setuju, kawung picis', '2026-03-02T15:02:00.000Z', 3),
      (2, 2, 'validated', 6, 'Ayu', NULL, '2026-03-01T10:00:00.000Z', 1),
      (3, 2, 'predicted', NULL, NULL, 'cek ulang', '2026-03-01T11:00:00.000Z', 1);
    INSERT INTO audit_log (at, actor, action, entity, image_id, facet_id, from_status, to_status, to_label_id, details) VALUES
      ('2026-03-02T12:30:00.000Z', 'Ayu', 'reject', 'review', 1, 2, 'predicted', 'rejected', NULL, NULL),
      ('2026-03-02T12:35:48.000Z', 'Ayu', 'label', 'review', 1, 2, 'rejected', 'corrected', 5, NULL),
      ('2026-03-02T12:36:10.000Z', 'Ayu', 'note', 'review', 1, 2, NULL, NULL, NULL, '{"from":null,"to":"mirip kawung"}'),
      ('2026-03-02T15:02:00.000Z', 'Bima', 'note', 'review', 1, 2, NULL, NULL, NULL, '{"from":"mirip kawung","to":"Setuju, kawung picis"}');
  `);
  return db;
}

describe('migration 0007_review_decision_note_authors', () => {
  it('gives each review its decision time and note author back from the audit log, losing nothing', () => {
    const db = beforeMigration();
    const audit = db.prepare('SELECT * FROM audit_log ORDER BY id').all();
    const grid = db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all();
    expect(migrate(db, loadMigrations(), VERSION)).toBe(VERSION);
    expect(db.prepare('SELECT image_id, status, validator, note, updated_at, decided_at, note_at, note_by FROM reviews ORDER BY image_id').all()).toEqual([
      // the decision's own time, not Bima's note; the note is Bima's
      { image_id: 1, status: 'corrected', validator: 'Ayu', note: 'Setuju, kawung picis', updated_at: '2026-03-02T15:02:00.000Z', decided_at: '2026-03-02T12:35:48.000Z', note_at: '2026-03-02T15:02:00.000Z', note_by: 'Bima' },
      // no audit entry: the row's time is the best there is; no note, so no note author
      { image_id: 2, status: 'validated', validator: 'Ayu', note: null, updated_at: '2026-03-01T10:00:00.000Z', decided_at: '2026-03-01T10:00:00.000Z', note_at: null, note_by: null },
      // only a note, never decided
      { image_id: 3, status: 'predicted', validator: null, note: 'cek ulang', updated_at: '2026-03-01T11:00:00.000Z', decided_at: null, note_at: '2026-03-01T11:00:00.000Z', note_by: null },
    ]);
    expect(db.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(audit);
    expect(db.prepare('SELECT * FROM review_grid ORDER BY image_id, facet_id').all()).toEqual(grid);
    db.close();
  });
});
