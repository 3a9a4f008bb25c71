import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

/** A version-2 catalogue (review grid, no knowledge base) with images, a review and audit entries. */
function v2WithRows() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  expect(migrate(db, loadMigrations(), 2)).toBe(2);
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES
      (1, 'h1', 1, 'a/1.jpg', '1.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (2, 'h2', 1, 'a/2.jpg', '2.jpg', 10, 8, 8, 'jpeg', '2026-01-02');
    INSERT INTO reviews (image_id, facet_id, status, label_id, validator, note, updated_at, revision) VALUES
      (2, 2, 'corrected', 8, 'Sari', 'cap', 't', 1);
    INSERT INTO audit_log (at, actor, action, entity, image_id, facet_id, to_status, to_label_id) VALUES ('t', 'Sari', 'label', 'review', 2, 2, 'corrected', 8);
  `);
  return db;
}

describe('migration 0003_motif_knowledge', () => {
  it('adds the knowledge base and keeps every version-2 row', () => {
    const db = v2WithRows();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'motif_knowledge'").pluck().get()).toBe(0);
    expect(migrate(db, loadMigrations(), 3)).toBe(3);
    expect(db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(2);
    expect(db.prepare('SELECT image_id, facet_id, status, label_id, note FROM review_grid WHERE image_id = 2 AND facet_id = 2').get()).toEqual({
      image_id: 2,
      facet_id: 2,
      status: 'corrected',
      label_id: 8,
      note: 'cap',
    });
    expect(db.prepare('SELECT count(*) FROM review_grid').pluck().get()).toBe(4);
    expect(db.prepare('SELECT actor FROM audit_log').pluck().all()).toEqual(['Sari']);
    db.close();
  });

  it('seeds the sourced motif entries and keeps the audit log append-only', () => {
    const db = v2WithRows();
    migrate(db, loadMigrations(), 3);
    const keys = db.prepare('SELECT key FROM motif_knowledge ORDER BY key').pluck().all();
    expect(keys).toEqual(['ceplok', 'gentongan', 'kawung', 'lereng', 'megamendung', 'nitik', 'parang', 'sekarjagad', 'semen', 'sidomukti', 'tambal', 'truntum']);
    for (const row of db.prepare('SELECT alt_names, sources FROM motif_knowledge').all() as { alt_names: string; sources: string }[]) {
      expect(Array.isArray(JSON.parse(row.alt_names))).toBe(true);
      expect((JSON.parse(row.sources) as { title: string }[]).every((s) => s.title.length > 10)).toBe(true);
    }
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });

  it('finds a knowledge entry\'s history through its index', () => {
    const db = v2WithRows();
    migrate(db, loadMigrations(), 3);
    db.prepare(
      "INSERT INTO audit_log (at, actor, action, entity, details) VALUES ('t2', 'Sari', 'knowledge.edit', 'motif_knowledge', json_object('key', 'kawung'))",
    ).run();
    const sql = "SELECT actor FROM audit_log WHERE entity = 'motif_knowledge' AND json_extract(details, '$.key') = 'kawung'";
    expect(db.prepare(sql).pluck().all()).toEqual(['Sari']);
    const plan = (db.prepare('EXPLAIN QUERY PLAN ' + sql).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/INDEX audit_log_knowledge/);
    db.close();
  });
});
