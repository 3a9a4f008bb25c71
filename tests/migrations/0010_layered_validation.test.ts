import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

const VERSION = loadMigrations().find((m) => m.name === 'layered_validation')!.version;

/** A catalogue just before this migration: three images predicted kawung by the active model, image 3 corrected with a note. */
function beforeMigration() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), VERSION - 1);
  const label = (key: string) => db.prepare('SELECT id FROM labels WHERE facet_id = 2 AND key = ?').pluck().get(key) as number;
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES
      (1, 'h1', 1, 'a/1.jpg', 'satu.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (2, 'h2', 1, 'a/2.jpg', 'dua.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (3, 'h3', 1, 'a/3.jpg', 'tiga.jpg', 10, 8, 8, 'jpeg', '2026-01-01');
    INSERT INTO models (id, facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at) VALUES
      (1, 2, 'motif-v1', 'trained', 'bb', '[]', '{}', '{}', x'00', 1, '2026-01-01'),
      (2, 2, 'motif-v2', 'trained', 'bb', '[]', '{}', '{}', x'00', 0, '2026-02-01');
  `);
  const predict = db.prepare(
    "INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES (?, 2, ?, ?, 0.8, 0.2, '[]', 't')",
  );
  for (const id of [1, 2, 3]) predict.run(id, 1, label('kawung'));
  predict.run(1, 2, label('parang'));
  db.prepare(
    "INSERT INTO reviews (image_id, facet_id, status, label_id, validator, note, updated_at, decided_at, revision) VALUES (3, 2, 'corrected', ?, 'Sari', 'cap, bukan tulis', 't', 't', 4)",
  ).run(label('truntum'));
  return { db, label };
}

const shown = (db: BetterSqlite3.Database) =>
  db
    .prepare(
      `SELECT g.image_id AS image, g.status, l.key AS label, g.revision, g.note
       FROM review_grid g LEFT JOIN labels l ON l.id = g.label_id WHERE g.facet_id = 2 ORDER BY g.image_id`,
    )
    .all();

const review = (db: BetterSqlite3.Database, imageId: number, status: string, labelId: number | null) =>
  db
    .prepare(
      `INSERT INTO reviews (image_id, facet_id, status, label_id, validator, updated_at) VALUES (?, 2, ?, ?, 'Ayu', 't')
       ON CONFLICT (image_id, facet_id) DO UPDATE SET status = excluded.status, label_id = excluded.label_id, revision = revision + 1`,
    )
    .run(imageId, status, labelId);

describe('migration layered_validation', () => {
  it('keeps every review, grid row and note; every facet requires one validation, not blind', () => {
    const { db } = beforeMigration();
    const reviews = db.prepare('SELECT * FROM reviews').all();
    const grid = shown(db);
    expect(migrate(db, loadMigrations(), VERSION)).toBe(VERSION);
    expect(db.prepare('SELECT * FROM reviews').all()).toEqual(reviews.map((r) => ({ ...(r as object), validator_user_id: null })));
    expect(shown(db)).toEqual(grid);
    expect(db.prepare('SELECT key, required_validations, blind_validation FROM facets ORDER BY id').all()).toEqual([
      { key: 'tema', required_validations: 1, blind_validation: 0 },
      { key: 'motif', required_validations: 1, blind_validation: 0 },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('stores and shows awaiting (with its label) and disputed (without one); the grid triggers, model switches and search keep working', () => {
    const { db, label } = beforeMigration();
    migrate(db, loadMigrations(), VERSION);
    review(db, 1, 'awaiting', label('parang'));
    review(db, 2, 'disputed', null);
    expect(shown(db).slice(0, 2)).toEqual([
      { image: 1, status: 'awaiting', label: 'parang', revision: 1, note: null },
      { image: 2, status: 'disputed', label: null, revision: 1, note: null },
    ]);
    // Switching the active model leaves human states alone, the new ones included.
    db.transaction(() => {
      db.prepare('UPDATE models SET active = 2 WHERE id = 2').run();
      db.prepare('UPDATE models SET active = 0 WHERE id = 1').run();
      db.prepare('UPDATE models SET active = 1 WHERE id = 2').run();
    })();
    expect(shown(db).map((r) => (r as { status: string }).status)).toEqual(['awaiting', 'disputed', 'corrected']);
    // Taking the decision back shows the active model's prediction again.
    db.prepare('DELETE FROM reviews WHERE image_id = 1').run();
    expect(shown(db)[0]).toMatchObject({ status: 'predicted', label: 'parang' });
    // The free-text index still follows notes.
    db.prepare("UPDATE reviews SET note = 'sogan pekat' WHERE image_id = 2").run();
    expect(db.prepare("SELECT rowid FROM review_search WHERE review_search MATCH '\"sogan\"'").pluck().all()).toEqual([2]);
    expect(() => review(db, 3, 'doubtful', null)).toThrow(/CHECK/);
    db.close();
  });

  it('records votes with who cast them; a label vote needs its label', () => {
    const { db, label } = beforeMigration();
    migrate(db, loadMigrations(), VERSION);
    const vote = db.prepare(
      "INSERT INTO validation_votes (image_id, facet_id, round, kind, outcome, label_id, actor_name, actor_user_id, at, batch_id) VALUES (1, 2, 1, 'vote', ?, ?, ?, ?, 't', 'b1')",
    );
    vote.run('label', label('parang'), 'Ayu', null);
    vote.run('reject', null, 'Budi', 7);
    expect(() => vote.run('label', null, 'Citra', null)).toThrow(/CHECK/);
    expect(db.prepare('SELECT actor_name, actor_user_id, withdrawn FROM validation_votes ORDER BY id').all()).toEqual([
      { actor_name: 'Ayu', actor_user_id: null, withdrawn: 0 },
      { actor_name: 'Budi', actor_user_id: 7, withdrawn: 0 },
    ]);
    db.prepare("UPDATE facets SET required_validations = 2, blind_validation = 1 WHERE key = 'motif'").run();
    expect(() => db.prepare("UPDATE facets SET required_validations = 3 WHERE key = 'motif'").run()).toThrow(/CHECK/);
    db.close();
  });
});
