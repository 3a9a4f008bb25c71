import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

const VERSION = loadMigrations().find((m) => m.name === 'record_metadata')!.version;

function catalogue() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, loadMigrations(), VERSION - 1);
  db.exec(`
    INSERT INTO import_roots (id, path, created_at) VALUES (1, '/arsip', 't');
    INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES
      (1, 'h1', 1, 'a/1.jpg', '1.jpg', 10, 8, 8, 'jpeg', '2026-01-01'),
      (2, 'h2', 1, 'a/2.jpg', '2.jpg', 10, 8, 8, 'jpeg', '2026-01-01');
  `);
  const images = db.prepare('SELECT * FROM images ORDER BY id').all();
  expect(migrate(db, loadMigrations(), VERSION)).toBe(VERSION);
  expect(db.prepare('SELECT * FROM images ORDER BY id').all()).toEqual(images);
  db.prepare(
    `INSERT INTO metadata_imports (id, batch_id, source, encoding, match_by, mapping, actor, rows, matched, imported_at)
     VALUES (1, 'b1', '/arsip/katalog.csv', 'windows-1252', 'file-name', '{}', 'Sari', 2, 2, 't')`,
  ).run();
  return db;
}

const put = (db: BetterSqlite3.Database, image: number, field: string, value: string, iso: string | null = null) =>
  db.prepare('INSERT INTO record_metadata (image_id, field, value, date_iso, import_id) VALUES (?, ?, ?, ?, 1)').run(image, field, value, iso);

describe('migration record_metadata', () => {
  it('keeps each field of a photo with the import it came from, the date as given and as ISO', () => {
    const db = catalogue();
    put(db, 1, 'identifier', 'BTK-001');
    put(db, 1, 'date', '12/03/1998', '1998-03-12');
    put(db, 1, 'place', 'Pekalongan');
    expect(
      db.prepare("SELECT r.field, r.value, r.date_iso, m.source FROM record_metadata r JOIN metadata_imports m ON m.id = r.import_id WHERE image_id = 1 ORDER BY field").all(),
    ).toEqual([
      { field: 'date', value: '12/03/1998', date_iso: '1998-03-12', source: '/arsip/katalog.csv' },
      { field: 'identifier', value: 'BTK-001', date_iso: null, source: '/arsip/katalog.csv' },
      { field: 'place', value: 'Pekalongan', date_iso: null, source: '/arsip/katalog.csv' },
    ]);
    db.close();
  });

  it('refuses a second photo with the same identifier, an unknown field, a blank value and an ISO date on another field', () => {
    const db = catalogue();
    put(db, 1, 'identifier', 'BTK-001');
    expect(() => put(db, 2, 'identifier', 'BTK-001')).toThrow(/UNIQUE/);
    put(db, 2, 'title', 'BTK-001'); // the same text in another field is no identifier
    expect(() => put(db, 2, 'colour', 'merah')).toThrow(/CHECK/);
    expect(() => put(db, 2, 'place', '  ')).toThrow(/CHECK/);
    expect(() => put(db, 2, 'description', 'x', '1998-01-01')).toThrow(/CHECK/);
    db.close();
  });

  it('goes with its photo when the photo is deleted', () => {
    const db = catalogue();
    put(db, 2, 'title', 'Kain panjang');
    db.prepare('DELETE FROM images WHERE id = 2').run();
    expect(db.prepare('SELECT count(*) FROM record_metadata').pluck().get()).toBe(0);
    db.close();
  });
});
