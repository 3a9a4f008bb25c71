import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

const VERSION = loadMigrations().find((m) => m.name === 'review_grid_active_model')!.version;

/**
 * A catalogue just before this migration: motif-v1 (active) and motif-v2 (inactive, ran
 * last). Image 1: both predicted; image 2: only v2 (the one that ran last); image 3: only
 * v1; image 4: both, and a validator corrected it.
 */
function beforeMigration() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), VERSION - 1);
  const label = (key: string) => db.prepare("SELECT id FROM labels WHERE facet_id = 2 AND key = ?").pluck().get(key) as number;
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES
      (1, 'h1', 1, 'a/1.jpg', '1.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (2, 'h2', 1, 'a/2.jpg', '2.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (3, 'h3', 1, 'a/3.jpg', '3.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (4, 'h4', 1, 'a/4.jpg', '4.jpg', 10, 8, 8, 'jpeg', '2026-01-01');
    INSERT INTO models (id, facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at) VALUES
      (1, 2, 'motif-v1', 'trained', 'bb', '[]', '{}', '{}', x'00', 1, '2026-01-01'),
      (2, 2, 'motif-v2', 'trained', 'bb', '[]', '{}', '{}', x'00', 0, '2026-02-01');
  `);
  const predict = db.prepare(
    "INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES (?, 2, ?, ?, ?, ?, '[]', ?)",
  );
  predict.run(1, 1, label('kawung'), 0.9, 0.1, '2026-01-05');
  predict.run(3, 1, label('kawung'), 0.7, 0.3, '2026-01-05');
  predict.run(4, 1, label('kawung'), 0.8, 0.2, '2026-01-05');
  predict.run(1, 2, label('parang'), 0.6, 0.4, '2026-02-05');
  predict.run(2, 2, label('parang'), 0.5, 0.5, '2026-02-05');
  predict.run(4, 2, label('parang'), 0.55, 0.45, '2026-02-05');
  db.prepare("INSERT INTO reviews (image_id, facet_id, status, label_id, validator, updated_at) VALUES (4, 2, 'corrected', ?, 'Sari', 't')").run(label('truntum'));
  return { db, label };
}

const shown = (db: BetterSqlite3.Database) =>
  db
    .prepare(
      `SELECT g.image_id AS image, g.status, l.key AS label, m.version AS model, g.confidence
       FROM review_grid g LEFT JOIN labels l ON l.id = g.label_id LEFT JOIN models m ON m.id = g.model_id
       WHERE g.facet_id = 2 ORDER BY g.image_id`,
    )
    .all();

/** What activateModel (models/store.ts) writes: the new version marked, the others off, the new one on. */
const activate = (db: BetterSqlite3.Database, id: number) =>
  db.transaction(() => {
    db.prepare('UPDATE models SET active = 2 WHERE id = ?').run(id);
    db.prepare('UPDATE models SET active = 0 WHERE facet_id = 2 AND id <> ?').run(id);
    db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
  })();

/** The same switch in plain SQL, without the mark. */
const activatePlain = (db: BetterSqlite3.Database, id: number) =>
  db.transaction(() => {
    db.prepare('UPDATE models SET active = 0 WHERE facet_id = 2').run();
    db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
  })();

const ACTIVE_V1 = [
  { image: 1, status: 'predicted', label: 'kawung', model: 'motif-v1', confidence: 0.9 },
  { image: 2, status: 'unreviewed', label: null, model: null, confidence: null },
  { image: 3, status: 'predicted', label: 'kawung', model: 'motif-v1', confidence: 0.7 },
  { image: 4, status: 'corrected', label: 'truntum', model: 'motif-v1', confidence: 0.8 },
];
const ACTIVE_V2 = [
  { image: 1, status: 'predicted', label: 'parang', model: 'motif-v2', confidence: 0.6 },
  { image: 2, status: 'predicted', label: 'parang', model: 'motif-v2', confidence: 0.5 },
  { image: 3, status: 'unreviewed', label: null, model: null, confidence: null },
  { image: 4, status: 'corrected', label: 'truntum', model: 'motif-v2', confidence: 0.55 },
];

describe('migration review_grid_active_model', () => {
  it('shows the active version’s predictions where the last run was of another version, keeping every row', () => {
    const { db } = beforeMigration();
    // Before: the version that ran last (v2) is shown, although v1 is active.
    expect(shown(db)).toEqual(ACTIVE_V2.map((r) => (r.image === 3 ? { ...r, status: 'predicted', label: 'kawung', model: 'motif-v1', confidence: 0.7 } : r)));
    const predictions = db.prepare('SELECT * FROM predictions ORDER BY id').all();
    const reviews = db.prepare('SELECT * FROM reviews').all();
    expect(migrate(db, loadMigrations(), VERSION)).toBe(VERSION);
    expect(shown(db)).toEqual(ACTIVE_V1);
    expect(db.prepare('SELECT * FROM predictions ORDER BY id').all()).toEqual(predictions);
    expect(db.prepare('SELECT * FROM reviews').all()).toEqual(reviews);
    db.close();
  });

  it('switches the grid at once on activation and roll-back; a run of an inactive version changes nothing shown', () => {
    const { db, label } = beforeMigration();
    migrate(db, loadMigrations(), VERSION);
    activate(db, 2);
    expect(shown(db)).toEqual(ACTIVE_V2);
    activate(db, 1); // roll back
    expect(shown(db)).toEqual(ACTIVE_V1);
    activatePlain(db, 2);
    expect(shown(db)).toEqual(ACTIVE_V2);
    activatePlain(db, 1);
    expect(shown(db)).toEqual(ACTIVE_V1);
    db.prepare(
      "INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES (3, 2, 2, ?, 0.99, 0.01, '[]', '2026-03-01')",
    ).run(label('megamendung'));
    expect(shown(db)).toEqual(ACTIVE_V1);
    // A decision taken back while v1 is active shows v1's prediction again.
    db.prepare('DELETE FROM reviews WHERE image_id = 4').run();
    expect(shown(db)[3]).toEqual({ image: 4, status: 'predicted', label: 'kawung', model: 'motif-v1', confidence: 0.8 });
    // No active version: nothing is predicted.
    db.prepare('UPDATE models SET active = 0 WHERE facet_id = 2').run();
    expect(db.prepare('SELECT DISTINCT status FROM review_grid WHERE facet_id = 2').pluck().all()).toEqual(['unreviewed']);
    db.close();
  });
});
