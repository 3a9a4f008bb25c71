import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

interface V5Row {
  key: string;
  region: string | null;
  theme: string | null;
  meaning_id: string | null;
  meaning_en: string | null;
  caveats: string | null;
  updated_by: string | null;
  updated_at: string;
}

/**
 * A version-5 catalogue whose knowledge base has the shipped seed, one seed
 * entry a validator edited (kawung: region and caveats changed, theme left as
 * seeded), one entry a validator created, and their audit entries.
 */
function v5WithKnowledge() {
  const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
  db.pragma('foreign_keys = ON');
  expect(migrate(db, loadMigrations(), 5)).toBe(5);
  db.exec(`
    UPDATE motif_knowledge SET region = 'Yogyakarta (wawancara Museum Batik)', caveats = 'Checked with the museum in 2026.',
      updated_by = 'Sari', updated_at = '2026-02-01T00:00:00.000Z' WHERE key = 'kawung';
    INSERT INTO motif_knowledge (key, name, region, theme, meaning_id, caveats, updated_by, updated_at)
      VALUES ('lasem', 'Lasem', 'Rembang, Jawa Tengah', 'Pesisir', 'Batik pesisir dari Lasem.', NULL, 'Sari', '2026-02-02T00:00:00.000Z');
    INSERT INTO audit_log (at, actor, action, entity, details) VALUES
      ('2026-02-01T00:00:00.000Z', 'Sari', 'knowledge.edit', 'motif_knowledge',
       json_object('key', 'kawung', 'from', json_object('region', 'x'), 'to', json_object('region', 'Yogyakarta (wawancara Museum Batik)'))),
      ('2026-02-02T00:00:00.000Z', 'Sari', 'knowledge.create', 'motif_knowledge', json_object('key', 'lasem', 'from', NULL, 'to', json_object('name', 'Lasem')));
  `);
  return db;
}

type Row = Record<string, string | null> & { key: string };
const rows = (db: BetterSqlite3.Database) => db.prepare('SELECT * FROM motif_knowledge ORDER BY key').all() as Row[];

describe('migration 0006_knowledge_bilingual', () => {
  it('keeps every text in the column of its language, with nothing lost', () => {
    const db = v5WithKnowledge();
    const before = rows(db) as unknown as V5Row[];
    const audit = db.prepare('SELECT * FROM audit_log ORDER BY id').all();
    expect(migrate(db, loadMigrations(), 6)).toBe(6);

    const columns = (db.prepare('PRAGMA table_info(motif_knowledge)').all() as { name: string; type: string }[]).map((c) => `${c.name} ${c.type}`);
    for (const f of ['region', 'theme', 'meaning', 'caveats']) expect(columns).toEqual(expect.arrayContaining([`${f}_id TEXT`, `${f}_en TEXT`]));
    // the one-language columns are gone, so nothing can keep writing the old names
    expect(columns.map((c) => c.split(' ')[0]).filter((c) => ['region', 'theme', 'caveats'].includes(c))).toEqual([]);

    const after = new Map(rows(db).map((r) => [r.key, r]));
    expect(after.size).toBe(before.length);
    for (const b of before) {
      const a = after.get(b.key)!;
      expect({ key: a.key, region_id: a.region_id, theme_id: a.theme_id, caveats_en: a.caveats_en }).toEqual({
        key: b.key,
        region_id: b.region,
        theme_id: b.theme,
        caveats_en: b.caveats,
      });
      expect([a.meaning_id, a.meaning_en, a.updated_by, a.updated_at]).toEqual([b.meaning_id, b.meaning_en, b.updated_by, b.updated_at]);
    }
    // The audit log is append-only and the migration adds nothing to it.
    expect(db.prepare('SELECT * FROM audit_log ORDER BY id').all()).toEqual(audit);
    db.close();
  });

  it('gives the shipped seed rows their missing language and leaves edited rows alone', () => {
    const db = v5WithKnowledge();
    migrate(db, loadMigrations(), 6);
    const all = rows(db);
    const seed = all.filter((r) => r.updated_by === null);
    expect(seed.map((r) => r.key)).toEqual(['ceplok', 'gentongan', 'lereng', 'megamendung', 'nitik', 'parang', 'sekarjagad', 'semen', 'sidomukti', 'tambal', 'truntum']);
    for (const r of seed) {
      for (const f of ['region_id', 'region_en', 'theme_id', 'theme_en', 'meaning_id', 'meaning_en', 'caveats_id', 'caveats_en']) expect(r[f], `${r.key}.${f}`).toBeTruthy();
      // a translation, not a copy
      expect(r.region_en, r.key).not.toBe(r.region_id);
      expect(r.theme_en, r.key).not.toBe(r.theme_id);
      expect(r.caveats_id, r.key).not.toBe(r.caveats_en);
      // the hedging survives translation
      if (/not verified here/i.test(r.caveats_en!)) expect(r.caveats_id, r.key).toMatch(/belum diverifikasi di sini/i);
    }
    const mega = all.find((r) => r.key === 'megamendung')!;
    expect(mega.region_en).toMatch(/^Cirebon, West Java/);
    expect(mega.theme_en).toMatch(/^Nature: drifting clouds/);
    expect(mega.caveats_id).toMatch(/Sunan Gunung Jati/);

    // kawung was edited: its texts stay where they belong, and the seed's translations are not put beside them.
    expect(all.find((r) => r.key === 'kawung')).toMatchObject({
      region_id: 'Yogyakarta (wawancara Museum Batik)',
      region_en: null,
      theme_id: expect.stringMatching(/^Geometris \(golongan ceplok\)/),
      theme_en: null,
      caveats_en: 'Checked with the museum in 2026.',
      caveats_id: null,
      updated_by: 'Sari',
    });
    expect(all.find((r) => r.key === 'lasem')).toMatchObject({
      region_id: 'Rembang, Jawa Tengah',
      region_en: null,
      theme_id: 'Pesisir',
      theme_en: null,
      meaning_id: 'Batik pesisir dari Lasem.',
      caveats_en: null,
      caveats_id: null,
    });
    db.close();
  });

  it('fills every seed row of a catalogue nobody edited', () => {
    const db = new BetterSqlite3(path.join(tempDir(), 'c.sqlite'));
    migrate(db, loadMigrations(), 6);
    const missing = db
      .prepare('SELECT key FROM motif_knowledge WHERE region_en IS NULL OR theme_en IS NULL OR caveats_id IS NULL OR region_id IS NULL OR theme_id IS NULL OR caveats_en IS NULL')
      .pluck()
      .all();
    expect(missing).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM motif_knowledge').pluck().get()).toBe(12);
    db.close();
  });
});
