import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { ATOM_ISAD_COLUMNS } from '../../../electron/core/export/profiles/atom.js';
import { DCTERMS_PROPERTIES, OMEKA_SPECIAL_COLUMNS } from '../../../electron/core/export/profiles/omeka-s.js';
import { waitForJob } from '../../helpers/jobs.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, images, importArchiveSheet, predict, review } from './fixture.js';

/**
 * Two import folders: a validated kawung with a knowledge card (region), a
 * corrected tema label and a "|" in a keyword; a predicted-only parang; and
 * one photo in a second folder.
 */
async function catalogue() {
  const ctx = await tempContext();
  const rootA = tempDir('canting-photos-');
  const rootB = tempDir('canting-photos-');
  const ids = [...(await images(ctx.db, rootA, ['kawung/k1.jpg', 'parang/p1.jpg'])), ...(await images(ctx.db, rootB, ['lain/x.jpg'], 10))];
  const m = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'parang']);
  predict(ctx.db, ids[0], 'motif', m, 'kawung', 0.9);
  review(ctx.db, ids[0], 'motif', { status: 'validated', label: 'kawung' });
  predict(ctx.db, ids[1], 'motif', m, 'parang', 0.6);
  const t = addModel(ctx.db, 'tema', 'tema-v1', ['budaya', 'flora']);
  predict(ctx.db, ids[0], 'tema', t, 'flora', 0.5);
  review(ctx.db, ids[0], 'tema', { status: 'corrected', label: 'budaya' });
  ctx.db.prepare('UPDATE images SET keywords = ?, metadata = ?, description = ? WHERE id = ?').run(JSON.stringify(['sogan|klasik']), JSON.stringify({ City: 'Solo' }), 'Kain panjang', ids[0]);
  // The seeded kawung card, with known regions.
  ctx.db.prepare("UPDATE motif_knowledge SET region_id = 'Yogyakarta dan Surakarta', region_en = 'Yogyakarta and Surakarta' WHERE key = 'kawung'").run();
  return { ctx, rootA, rootB, ids };
}

type Row = Record<string, string>;

async function exportCsv(ctx: Awaited<ReturnType<typeof tempContext>>, input: Record<string, unknown>): Promise<{ header: string[]; rows: Row[]; text: string }> {
  const out = path.join(tempDir(), 'k.csv');
  const r = await dispatch('export.csv', { out, ...input }, ctx);
  if (!r.ok) throw new Error(r.error.message);
  expect((await waitForJob(ctx, (r.value as { jobId: string }).jobId)).state).toBe('done');
  const text = fs.readFileSync(out, 'utf8');
  const [header] = parse(text, { bom: true, to_line: 1 }) as string[][];
  return { header, rows: parse(text, { bom: true, columns: true }) as Row[], text };
}

describe('CSV export profiles', () => {
  it('dublin-core is the default and the catalogue CSV, byte for byte', async () => {
    const { ctx } = await catalogue();
    const plain = await exportCsv(ctx, {});
    const named = await exportCsv(ctx, { profile: 'dublin-core' });
    expect(named.text).toBe(plain.text);
    expect(plain.header.slice(0, 3)).toEqual(['dcterms:identifier', 'dcterms:title', 'dcterms:subject']);
  });

  it('omeka-s: every header is a Dublin Core property term Omeka automaps, or a documented special column; "|" between values', async () => {
    const { ctx, ids } = await catalogue();
    const { header, rows } = await exportCsv(ctx, { profile: 'omeka-s' });
    for (const h of header) {
      const term = /^dcterms:(.+)$/.exec(h)?.[1];
      expect(term ? (DCTERMS_PROPERTIES as readonly string[]).includes(term) : h in OMEKA_SPECIAL_COLUMNS, `header ${h}`).toBe(true);
    }
    expect(new Set(header).size).toBe(header.length);
    const k = rows.find((r) => r['dcterms:identifier'] === String(ids[0]))!;
    // Reviewed labels only, with the facet's Indonesian name; a "|" inside a value cannot split it.
    expect(k['dcterms:subject'].split('|')).toEqual(['Tema: Budaya', 'Motif: Kawung', 'sogan/klasik']);
    expect(k['dcterms:spatial'].split('|')).toEqual(['Yogyakarta dan Surakarta', 'Solo']);
    expect(k['dcterms:description']).toBe('Kain panjang');
    expect(k.file).toBe('kawung/k1.jpg');
    expect(k['dcterms:type']).toBe('StillImage');
    const p = rows.find((r) => r['dcterms:identifier'] === String(ids[1]))!;
    expect(p['dcterms:subject']).toBe('');
  });

  it('omeka-s with both languages: facet names and regions in Indonesian and English', async () => {
    const { ctx, ids } = await catalogue();
    const { rows } = await exportCsv(ctx, { profile: 'omeka-s', subjectLanguage: 'both' });
    const k = rows.find((r) => r['dcterms:identifier'] === String(ids[0]))!;
    expect(k['dcterms:subject'].split('|')).toEqual(['Tema: Budaya', 'Theme: Budaya', 'Motif: Kawung', 'sogan/klasik']);
    expect(k['dcterms:spatial'].split('|')).toEqual(['Yogyakarta dan Surakarta', 'Yogyakarta and Surakarta', 'Solo']);
    const en = await exportCsv(ctx, { profile: 'omeka-s', subjectLanguage: 'en' });
    expect(en.rows.find((r) => r['dcterms:identifier'] === String(ids[0]))!['dcterms:subject'].split('|')).toEqual(['Theme: Budaya', 'Motif: Kawung', 'sogan/klasik']);
  });

  it('atom: the ISAD(G) template columns in order, one row per photo, access points with "|"', async () => {
    const { ctx, rootA, ids } = await catalogue();
    const { header, rows } = await exportCsv(ctx, { profile: 'atom' });
    expect(header).toEqual([...ATOM_ISAD_COLUMNS]);
    expect(rows).toHaveLength(3);
    const k = rows.find((r) => r.legacyId === String(ids[0]))!;
    expect(k).toMatchObject({
      title: 'k1.jpg',
      levelOfDescription: 'Item',
      parentId: '',
      scopeAndContent: 'Kain panjang',
      subjectAccessPoints: 'Tema: Budaya|Motif: Kawung|sogan/klasik',
      placeAccessPoints: 'Yogyakarta dan Surakarta|Solo',
      digitalObjectPath: path.join(rootA, 'kawung', 'k1.jpg'),
      culture: 'id',
    });
    expect(k.digitalObjectChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.existsSync(k.digitalObjectPath)).toBe(true);
  });

  it("omeka-s and atom carry the archive's own title, description, date, place and identifier; a photo without keeps the file's values", async () => {
    const { ctx, ids } = await catalogue();
    await importArchiveSheet(ctx, 'k1.jpg');
    const omeka = (await exportCsv(ctx, { profile: 'omeka-s' })).rows;
    const k = omeka.find((r) => r['dcterms:identifier'].split('|')[0] === String(ids[0]))!;
    expect(k['dcterms:identifier'].split('|')).toEqual([String(ids[0]), 'MB-1998-017']);
    expect(k['dcterms:title']).toBe('Kain panjang Kawung Picis');
    expect(k['dcterms:description'].split('|')).toEqual(['Kain panjang dengan isen cecek; koleksi hibah', 'Kain panjang']);
    expect(k['dcterms:created']).toBe('1998-03-25');
    expect(k['dcterms:spatial'].split('|')).toEqual(['Pekalongan – Jawa Tengah', 'Yogyakarta dan Surakarta', 'Solo']);
    const p = omeka.find((r) => r['dcterms:identifier'] === String(ids[1]))!;
    expect(p).toMatchObject({ 'dcterms:title': 'p1.jpg', 'dcterms:description': '', 'dcterms:created': '', 'dcterms:spatial': '' });

    const atom = (await exportCsv(ctx, { profile: 'atom' })).rows;
    const a = atom.find((r) => r.legacyId === String(ids[0]))!;
    expect(a).toMatchObject({
      identifier: 'MB-1998-017',
      title: 'Kain panjang Kawung Picis',
      scopeAndContent: 'Kain panjang dengan isen cecek; koleksi hibah\n\nKain panjang',
      eventTypes: 'Creation',
      eventDates: '25/03/1998',
      eventStartDates: '1998-03-25',
      eventEndDates: '1998-03-25',
    });
    expect(a.placeAccessPoints.split('|')).toEqual(['Pekalongan – Jawa Tengah', 'Yogyakarta dan Surakarta', 'Solo']);
    const b = atom.find((r) => r.legacyId === String(ids[1]))!;
    expect(b).toMatchObject({ identifier: String(ids[1]), title: 'p1.jpg', scopeAndContent: '', eventDates: '', eventTypes: '', placeAccessPoints: '' });
  });

  it('atom with a parent per import folder: folder rows first, each photo under its own folder', async () => {
    const { ctx, rootA, rootB, ids } = await catalogue();
    const { rows } = await exportCsv(ctx, { profile: 'atom', parentPerRoot: true, subjectLanguage: 'en' });
    expect(rows.slice(0, 2).map((r) => [r.title, r.levelOfDescription, r.culture])).toEqual(
      [rootA, rootB].sort().map((root) => [path.basename(root), 'Collection', 'en']),
    );
    const parentOf = (id: number) => rows.find((r) => r.legacyId === rows.find((c) => c.legacyId === String(id))!.parentId)!.title;
    expect([parentOf(ids[0]), parentOf(ids[1]), parentOf(ids[2])]).toEqual([path.basename(rootA), path.basename(rootA), path.basename(rootB)]);
    expect(new Set(rows.map((r) => r.legacyId)).size).toBe(rows.length);
  });

  it('browser download in a profile; bad options are refused before anything is written', async () => {
    const { ctx } = await catalogue();
    const content = await dispatch('export.csvContent', { profile: 'atom' }, ctx);
    expect(content).toMatchObject({ ok: true, value: { images: 3, fileName: expect.stringMatching(/^canting-katalog-atom-\d{4}-\d\d-\d\d\.csv$/) } });
    const dir = tempDir();
    expect(await dispatch('export.csv', { out: path.join(dir, 'k.csv'), profile: 'omeka-s', parentPerRoot: true }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', messageKey: 'exportParentPerRootAtomOnly' },
    });
    expect(await dispatch('export.csv', { out: path.join(dir, 'k.csv'), profile: 'mods' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
