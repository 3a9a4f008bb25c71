import { describe, expect, it } from 'vitest';
import { getFacet } from '../../../electron/core/catalogue/facets.js';
import { compileFilter, orderSql, usesSearchIndex, whereSql } from '../../../electron/core/review/filter.js';
import { addImageRows, api, reviewCatalogue } from './fixture.js';

/** What the search means: a substring, wildcards literal, case ignored for every letter of every script. */
function anyCaseContains(hay: string | null, needle: string): boolean {
  const fold = (s: string) => [...s].map((c) => c.toLowerCase()).join('');
  return hay !== null && fold(hay).includes(fold(needle));
}

const NAMES = [
  'IMG_0421.jpg',
  'IMGX0421.jpg',
  '100%_katun.jpg',
  '100x_katun.jpg',
  'Batik ÉTÉ.jpg',
  'batik été.jpg',
  'ꦧꦛꦶꦏ꧀ kawung.jpg',
  '川の模様.png',
  'say "hi".jpg',
  'back\\slash.tif',
  'Mega Mendung.JPG',
  'Ñoño.jpg',
  'БАТИК Кавунг.jpg',
  'tanda [ñ]*?.jpg',
];
const NOTES: Record<string, string> = {
  'IMGX0421.jpg': 'motif cap, bukan tulis',
  'Mega Mendung.JPG': 'Cirebon — pesisiran',
  '川の模様.png': 'ꦩꦼꦒ ꦩꦼꦤ꧀ꦢꦸꦁ',
  '100x_katun.jpg': 'cap 50% tulis',
  'Ñoño.jpg': 'ΒΑΤΙΚ σε μετάξι',
};
const TEXTS = [
  'img_0421', 'G_0', 'X04', '0%_', '%_k', '%', '_', 'ÉTÉ', 'été', 'ét', 'ÉT', 'Batik É', 'ꦧꦛꦶ', 'ꦧ', 'ꦩꦼꦒ ꦩ', '模様', '川の模', '"hi"', '"', 'BUKAN TULIS',
  'pesisiran', '— p', 'hanya tema', 'kawung', 'jpg', 'JPG', 'ab', 'zzz', '50%', 'k\\s', '\\', 'cap', ' ', 'Mega Mendung.JPG',
  // Case in every script, through the index (3+ characters) and the scan; GLOB's own characters beside them.
  'ñoño', 'ÑOÑO', 'ño', 'Ñ', 'é', 'É', 'батик', 'кавунг', 'Ка', 'βατικ', 'ΜΕΤΆΞΙ', 'Σ', 'É*', '[Ñ]', 'ñ]*?', '?ñ', '*ñ', '*', '?', '[',
];

async function searchCatalogue() {
  const fx = await reviewCatalogue();
  const ids = addImageRows(fx.db, NAMES, { folder: 'cari' });
  const byName = new Map(NAMES.map((n, i) => [n, ids[i]]));
  for (const [name, note] of Object.entries(NOTES)) await api(fx.ctx, 'review.setNote', { id: byName.get(name)!, facet: 'motif', note });
  // A note of another facet must not make an image match on this one.
  await api(fx.ctx, 'review.setNote', { id: byName.get('IMG_0421.jpg')!, facet: 'tema', note: 'hanya tema' });
  return { ...fx, byName };
}

describe('grid free-text search', () => {
  it('gives exactly the any-case substring result through the index (3+ characters) and the scan (shorter)', async () => {
    const { ctx, db } = await searchCatalogue();
    const rows = db.prepare("SELECT g.image_id AS id, g.file_name, g.note FROM review_grid g JOIN facets f ON f.id = g.facet_id WHERE f.key = 'motif'").all() as {
      id: number;
      file_name: string;
      note: string | null;
    }[];
    const paths = new Set<boolean>();
    for (const text of TEXTS) {
      const needle = text.trim(); // the grid trims; blank means no text filter
      const expected = rows.filter((r) => anyCaseContains(r.file_name, needle) || anyCaseContains(r.note, needle)).map((r) => r.id).sort((a, b) => a - b);
      const got = (await api(ctx, 'review.ids', { facet: 'motif', filter: { text }, sort: 'importedAt', desc: false })).ids;
      expect([...got].sort((a, b) => a - b), JSON.stringify(text)).toEqual(expected);
      // The scan on the same text (as for texts the index would find in too many images) agrees.
      const f = compileFilter(db, getFacet(db, 'motif'), { text }, { maxIndexCandidates: -1 }); // -1: never the index
      expect(f.from).not.toMatch(/review_search/);
      const scanned = db.prepare(`SELECT g.image_id FROM ${f.from} WHERE ${whereSql(f, { labels: true, statuses: true })} ORDER BY g.image_id`).pluck().all(f.params);
      expect(scanned, JSON.stringify(text)).toEqual(expected);
      const counts = await api(ctx, 'review.counts', { facet: 'motif', filter: { text } });
      expect(counts.total, JSON.stringify(text)).toBe(expected.length);
      paths.add(usesSearchIndex(text.trim()));
    }
    expect([...paths].sort()).toEqual([false, true]); // both paths were exercised
  });

  it('ignores case for the letters of every script, and takes wildcards literally', async () => {
    const { ctx } = await searchCatalogue();
    const names = async (text: string) => (await api(ctx, 'review.query', { facet: 'motif', filter: { text }, sort: 'fileName', counts: false })).items.map((i) => i.fileName);
    expect(await names('img_0421')).toEqual(['IMG_0421.jpg']); // '_' is not "any character": IMGX0421 stays out
    expect(await names('ÉTÉ')).toEqual(['Batik ÉTÉ.jpg', 'batik été.jpg']);
    expect(await names('été')).toEqual(['Batik ÉTÉ.jpg', 'batik été.jpg']);
    expect(await names('ñoño')).toEqual(['Ñoño.jpg']);
    expect(await names('ñ')).toEqual(['tanda [ñ]*?.jpg', 'Ñoño.jpg']);
    expect(await names('батик кав')).toEqual(['БАТИК Кавунг.jpg']);
    expect(await names('βατικ')).toEqual(['Ñoño.jpg']); // from the note
    expect(await names('[Ñ]*')).toEqual(['tanda [ñ]*?.jpg']); // '[', ']' and '*' are plain characters
    expect(await names('É*')).toEqual([]);
    expect(await names('0%_')).toEqual(['100%_katun.jpg']);
    expect(await names('bukan TULIS')).toEqual(['IMGX0421.jpg']); // from the note
    expect(await names('ꦩꦼꦒ')).toEqual(['川の模様.png']);
    expect(await names('"hi"')).toEqual(['say "hi".jpg']);
    expect(await names('hanya tema')).toEqual([]);
  });

  it('follows notes, renames, superseded and deleted images', async () => {
    const { ctx, db, byName } = await searchCatalogue();
    const total = async (text: string) => (await api(ctx, 'review.counts', { facet: 'motif', filter: { text } })).total;
    const id = byName.get('Batik ÉTÉ.jpg')!;
    await api(ctx, 'review.setNote', { id, facet: 'motif', note: 'sogan klasik' });
    expect(await total('sogan')).toBe(1);
    await api(ctx, 'review.setNote', { id, facet: 'motif', note: '' });
    expect(await total('sogan')).toBe(0);
    expect(await total('Batik ÉTÉ')).toBe(2); // with "batik été.jpg"
    db.prepare('UPDATE images SET file_name = ?, rel_path = ? WHERE id = ?').run('lasem-merah.jpg', 'cari/lasem-merah.jpg', id);
    expect(await total('lasem')).toBe(1);
    expect(await total('Batik ÉTÉ')).toBe(1);
    const other = byName.get('IMGX0421.jpg')!;
    db.prepare('UPDATE images SET superseded_by = ? WHERE id = ?').run(id, other);
    expect(await total('bukan tulis')).toBe(0);
    expect(await total('slash')).toBe(1);
    db.prepare('DELETE FROM images WHERE id = ?').run(byName.get('back\\slash.tif')!);
    expect(await total('slash')).toBe(0);
    // The index holds one document per image in the grid, nothing stale.
    expect(db.prepare('SELECT count(*) FROM review_search').pluck().get()).toBe(db.prepare('SELECT count(DISTINCT image_id) FROM review_grid').pluck().get());
  });

  it('seeks the trigram index for 3+ characters, and combines with the other filters and sorts', async () => {
    const { ctx, db } = await searchCatalogue();
    const facet = getFacet(db, 'motif');
    const plan = (text: string) => {
      const f = compileFilter(db, facet, { text, statuses: ['unreviewed'] });
      const sql = `SELECT g.image_id FROM ${f.from} WHERE ${whereSql(f, { labels: true, statuses: true })} ORDER BY ${orderSql(f, 'uncertainty')} LIMIT 200`;
      return (db.prepare('EXPLAIN QUERY PLAN ' + sql).all(f.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    };
    expect(plan('IMG_0421')).toMatch(/SCAN s VIRTUAL TABLE INDEX/);
    expect(plan('IMG_0421')).toMatch(/SEARCH g USING PRIMARY KEY \(image_id=\? AND facet_id=\?\)/);
    expect(plan('IM')).toMatch(/review_grid_file_name/);
    // A text too many images contain walks the sort's index for the page and scans for the counts (same result, see the first test).
    const f = compileFilter(db, facet, { text: 'jpg' }, { maxIndexCandidates: 3 });
    expect(f.from).toBe('review_grid g');
    expect(f.countFrom).toMatch(/INDEXED BY review_grid_file_name/);
    const walk = (db.prepare(`EXPLAIN QUERY PLAN SELECT g.image_id FROM ${f.from} WHERE ${whereSql(f, { labels: true, statuses: true })} ORDER BY ${orderSql(f, 'uncertainty')} LIMIT 200`).all(f.params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    expect(walk).toMatch(/INDEX review_grid_uncertainty/);
    expect(walk).not.toMatch(/TEMP B-TREE/);
    expect(compileFilter(db, facet, { text: 'katun' }, { maxIndexCandidates: 3 }).from).toMatch(/review_search/);
    expect(plan('IM')).not.toMatch(/VIRTUAL TABLE/);
    const page = await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'katun', statuses: ['unreviewed'] }, sort: 'fileName', desc: true });
    expect(page.items.map((i) => i.fileName)).toEqual(['100x_katun.jpg', '100%_katun.jpg']);
    expect(page.counts?.byStatus.unreviewed).toBe(2);
  });
});
