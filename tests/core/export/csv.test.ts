import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../electron/common/errors.js';
import { catalogueCsvText } from '../../../electron/core/export/catalogue.js';
import { splitMulti } from '../../../electron/core/export/columns.js';
import { neutralise, unneutralise } from '../../../electron/core/export/csv.js';
import { startCatalogueExport } from '../../../electron/core/export/jobs.js';
import { activateModel } from '../../../electron/core/models/store.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, images, predict, review } from './fixture.js';

type Row = Record<string, string>;

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

const JAVANESE = 'ꦧꦠꦶꦏ꧀ ꦏꦮꦸꦁ'; // "batik kawung" in Javanese script

async function catalogue() {
  const ctx = await tempContext();
  const root = tempDir('canting-photos-');
  const ids = await images(ctx.db, root, ['2019/kawung/ka-01.jpg', '2019/parang/pa-01.jpg', 'lain/ꦧꦠꦶꦏ꧀ 🎨.jpg', 'lain/=cmd.jpg']);
  const m1 = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'megamendung', 'parang', 'truntum']);
  const m2 = addModel(ctx.db, 'motif', 'motif-v2', ['kawung', 'megamendung', 'parang', 'truntum']);
  // Image 1: predicted twice (v2 is current), then validated.
  predict(ctx.db, ids[0], 'motif', m1, 'parang', 0.55, '2026-02-01T00:00:00.000Z');
  const p = predict(ctx.db, ids[0], 'motif', m2, 'kawung', 0.91, '2026-02-02T00:00:00.000Z');
  review(ctx.db, ids[0], 'motif', { status: 'validated', label: 'kawung', validator: 'Sari Wulandari', note: 'Motif kawung klasik, warna soga', predictionId: p, fromLabel: 'kawung' });
  // Image 2: predicted kawung, corrected to parang, with a hostile note.
  const p2 = predict(ctx.db, ids[1], 'motif', m2, 'kawung', 0.42);
  review(ctx.db, ids[1], 'motif', { status: 'corrected', label: 'parang', validator: '@Budi', note: '=HYPERLINK("http://x","klik")', predictionId: p2, fromLabel: 'kawung' });
  // Image 3: predicted only; non-Latin metadata.
  predict(ctx.db, ids[2], 'motif', m2, 'truntum', 0.77);
  ctx.db
    .prepare('UPDATE images SET description = ?, keywords = ?, copyright = ?, captured_at = ?, metadata = ? WHERE id = ?')
    .run(`${JAVANESE} — kain dari Yogyakarta 🧵`, JSON.stringify(['batik tulis', 'sogan|klasik']), '© Museum Batik', '2019-05-01T09:00:00', JSON.stringify({ City: 'Yogyakarta', Country: 'Indonesia' }), ids[2]);
  // Image 4: rejected, hostile text everywhere.
  predict(ctx.db, ids[3], 'motif', m1, 'megamendung', 0.3);
  review(ctx.db, ids[3], 'motif', { status: 'rejected', validator: '+Tono', note: '-2+3' });
  ctx.db.prepare('UPDATE images SET description = ? WHERE id = ?').run('\tindented\r', ids[3]);
  return { ctx, root, ids };
}

function parseCsv(text: string): Row[] {
  return parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Row[];
}

describe('catalogue CSV export', () => {
  it('says which import root each photo is in: the same relative path in two roots is two different files', async () => {
    const ctx = await tempContext();
    const driveE = tempDir('canting-drive-e-');
    const driveF = tempDir('canting-drive-f-');
    const [e] = await images(ctx.db, driveE, ['kotak-01/kain.jpg'], 1);
    const [f] = await images(ctx.db, driveF, ['kotak-01/kain.jpg'], 7);
    const rows = parseCsv(catalogueCsvText(ctx.db, { facet: 'motif' }).text);
    const byId = new Map(rows.map((r) => [Number(r['dcterms:identifier']), r]));
    expect(byId.get(e)).toMatchObject({ 'dcterms:source': 'kotak-01/kain.jpg', source_root: driveE });
    expect(byId.get(f)).toMatchObject({ 'dcterms:source': 'kotak-01/kain.jpg', source_root: driveF });
    // Added last: every column before it keeps its place.
    expect(Object.keys(rows[0]).slice(-2)).toEqual(['motif.note', 'source_root']);
    for (const r of rows) {
      const sha = ctx.db.prepare('SELECT sha256 FROM images WHERE id = ?').pluck().get(Number(r['dcterms:identifier']));
      expect(sha256(fs.readFileSync(path.join(r.source_root, r['dcterms:source'])))).toBe(sha);
    }
  });

  it('round-trips: every image comes back with the catalogue values (BOM, CRLF, non-Latin text)', async () => {
    const { ctx, root, ids } = await catalogue();
    const out = path.join(tempDir(), 'katalog.csv');
    const job = startCatalogueExport(ctx, 'csv', { out });
    expect(job.images).toBe(4);
    const result = await job.done;
    expect(result).toEqual({ out, format: 'csv', images: 4 });

    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const rows = parseCsv(bytes.toString('utf8'));
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0]).slice(0, 12)).toEqual([
      'dcterms:identifier', 'dcterms:title', 'dcterms:subject', 'dcterms:description', 'dcterms:spatial', 'dcterms:created',
      'dcterms:format', 'dcterms:source', 'dcterms:rights', 'sha256', 'width', 'height',
    ]);
    expect(Object.keys(rows[0])).toContain('tema.review_status');

    const dbRows = ctx.db.prepare('SELECT id, sha256, file_name, rel_path, width, height FROM images ORDER BY id').all() as {
      id: number; sha256: string; file_name: string; rel_path: string; width: number; height: number;
    }[];
    dbRows.forEach((img, i) => {
      const r = rows[i];
      expect(Number(r['dcterms:identifier'])).toBe(img.id);
      expect(unneutralise(r['dcterms:title'])).toBe(img.file_name);
      expect(r['dcterms:source']).toBe(img.rel_path);
      expect(r.sha256).toBe(img.sha256);
      expect(Number(r.width)).toBe(img.width);
      expect(Number(r.height)).toBe(img.height);
      expect(r['dcterms:format']).toBe('image/jpeg');
      expect(fs.existsSync(path.join(root, r['dcterms:source']))).toBe(true);
    });

    const [validated, corrected, predicted, rejected] = rows;
    expect(validated['motif.predicted_label']).toBe('kawung'); // the active version's (v2), not v1's parang
    expect(Number(validated['motif.confidence'])).toBeCloseTo(0.91, 10);
    expect(validated['motif.model_version']).toBe('motif-v2');
    expect(validated['motif.review_status']).toBe('validated');
    expect(validated['motif.final_label']).toBe('kawung');
    expect(validated['motif.validated_by']).toBe('Sari Wulandari');
    expect(validated['motif.validated_at']).toBe('2026-03-01T10:00:00.000Z');
    expect(validated['motif.note']).toBe('Motif kawung klasik, warna soga');
    expect(splitMulti(validated['dcterms:subject'])).toEqual(['Kawung']);
    expect(validated['tema.review_status']).toBe('unreviewed');

    expect(corrected['motif.predicted_label']).toBe('kawung');
    expect(corrected['motif.final_label']).toBe('parang');
    expect(corrected['motif.review_status']).toBe('corrected');

    expect(predicted['motif.review_status']).toBe('predicted');
    expect(predicted['motif.final_label']).toBe('');
    expect(predicted['motif.validated_by']).toBe('');
    expect(predicted['dcterms:title']).toBe('ꦧꦠꦶꦏ꧀ 🎨.jpg');
    expect(predicted['dcterms:source']).toBe('lain/ꦧꦠꦶꦏ꧀ 🎨.jpg');
    expect(predicted['dcterms:description']).toBe(`${JAVANESE} — kain dari Yogyakarta 🧵`);
    expect(splitMulti(predicted['dcterms:subject'])).toEqual(['batik tulis', 'sogan|klasik']);
    expect(splitMulti(predicted['dcterms:spatial'])).toEqual(['Yogyakarta', 'Indonesia']);
    expect(predicted['dcterms:rights']).toBe('© Museum Batik');
    expect(predicted['dcterms:created']).toBe('2019-05-01T09:00:00');

    expect(rejected['motif.review_status']).toBe('rejected');
    expect(rejected['motif.final_label']).toBe('');
    void ids;
  });

  it('shows the active version’s prediction: a roll-back changes every row at once, images it never classified have none', async () => {
    const { ctx } = await catalogue();
    const v1 = ctx.db.prepare("SELECT id FROM models WHERE version = 'motif-v1'").pluck().get() as number;
    activateModel(ctx.db, v1); // v2 ran last; rolling back to v1 must show v1's predictions
    const [validated, corrected, predicted, rejected] = parseCsv(catalogueCsvText(ctx.db, {}).text);
    expect([validated['motif.predicted_label'], validated['motif.model_version'], Number(validated['motif.confidence'])]).toEqual(['parang', 'motif-v1', 0.55]);
    // Human decisions stay as they are.
    expect([validated['motif.review_status'], validated['motif.final_label']]).toEqual(['validated', 'kawung']);
    expect([corrected['motif.review_status'], corrected['motif.final_label'], corrected['motif.model_version']]).toEqual(['corrected', 'parang', '']);
    // v1 never classified this image: not "predicted" by v2 any more.
    expect([predicted['motif.review_status'], predicted['motif.predicted_label'], predicted['motif.model_version']]).toEqual(['unreviewed', '', '']);
    expect([rejected['motif.predicted_label'], rejected['motif.model_version']]).toEqual(['megamendung', 'motif-v1']);
  });

  it('neutralises formula injection in every text cell, reversibly', async () => {
    const { ctx } = await catalogue();
    const rows = parseCsv(catalogueCsvText(ctx.db, {}).text);
    const [, corrected, , rejected] = rows;
    expect(corrected['motif.note']).toBe(`'=HYPERLINK("http://x","klik")`);
    expect(corrected['motif.validated_by']).toBe("'@Budi");
    expect(rejected['motif.validated_by']).toBe("'+Tono");
    expect(rejected['motif.note']).toBe("'-2+3");
    expect(rejected['dcterms:title']).toBe("'=cmd.jpg");
    expect(rejected['dcterms:description']).toBe("'\tindented\r");
    expect(unneutralise(rejected['dcterms:description'])).toBe('\tindented\r');
    // No cell of the file starts with a formula trigger.
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
  });

  it('leaves plain numbers and harmless text alone, and escapes apostrophe-led triggers one level deeper', () => {
    expect(neutralise('-6.2')).toBe('-6.2');
    expect(neutralise('+62')).toBe('+62');
    expect(neutralise('1e-3')).toBe('1e-3');
    expect(neutralise("Kain 'Sido Mukti'")).toBe("Kain 'Sido Mukti'");
    expect(neutralise("'=1+1")).toBe("''=1+1");
    for (const s of ['=1+1', "'=1+1", "''@x", '-x', '\tt', '\rr', 'plain', "'plain", '-6.2', '@']) expect(unneutralise(neutralise(s))).toBe(s);
  });

  it('applies the facet and status filter, and refuses unknown facets and statuses clearly', async () => {
    const { ctx } = await catalogue();
    const reviewed = parseCsv(catalogueCsvText(ctx.db, { facet: 'motif', statuses: ['validated', 'corrected'] }).text);
    expect(reviewed.map((r) => r['motif.review_status'])).toEqual(['validated', 'corrected']);
    expect(Object.keys(reviewed[0]).some((k) => k.startsWith('tema.'))).toBe(false);
    const parang = parseCsv(catalogueCsvText(ctx.db, { facet: 'motif', labels: ['parang'] }).text);
    expect(parang.map((r) => r['motif.final_label'])).toEqual(['parang']);

    expect(() => catalogueCsvText(ctx.db, { facet: 'warna' })).toThrow(/Unknown facet "warna". Known facets: tema, motif/);
    expect(() => catalogueCsvText(ctx.db, { facet: 'motif', statuses: ['approved'] })).toThrow(/Unknown status "approved"/);
    expect(() => catalogueCsvText(ctx.db, { statuses: ['validated'] })).toThrow(/needs a facet/);
    expect(() => catalogueCsvText(ctx.db, { facet: 'motif', labels: ['batik-x'] })).toThrow(/not a label of facet "motif"/);
  });

  it('exports exactly what the review grid shows for a grid filter (folder, confidence, text)', async () => {
    const { ctx } = await catalogue();
    const names = (grid: object) => parseCsv(catalogueCsvText(ctx.db, { facet: 'motif', grid }).text).map((r) => r['dcterms:source']);
    expect(names({ folder: '2019' })).toEqual(['2019/kawung/ka-01.jpg', '2019/parang/pa-01.jpg']);
    expect(names({ minConfidence: 0.5 })).toEqual(['2019/kawung/ka-01.jpg', 'lain/ꦧꦠꦶꦏ꧀ 🎨.jpg']);
    expect(names({ text: 'soga' })).toEqual(['2019/kawung/ka-01.jpg']);
    // the grid filter combines with the status filter, and needs a facet like the others
    expect(parseCsv(catalogueCsvText(ctx.db, { facet: 'motif', statuses: ['corrected'], grid: { folder: '2019' } }).text)).toHaveLength(1);
    expect(() => catalogueCsvText(ctx.db, { grid: { folder: '2019' } })).toThrow(/needs a facet/);
  });

  it('refuses an output inside an imported folder or over an existing file (unless forced), writing nothing', async () => {
    const { ctx, root } = await catalogue();
    const before = fs.readdirSync(path.join(root, '2019'));
    const inside = path.join(root, '2019', 'katalog.csv');
    expect(() => startCatalogueExport(ctx, 'csv', { out: inside })).toThrow(/inside .* imported into this catalogue/);
    expect(fs.readdirSync(path.join(root, '2019'))).toEqual(before);

    const out = path.join(tempDir(), 'katalog.csv');
    fs.writeFileSync(out, 'old');
    expect(() => startCatalogueExport(ctx, 'csv', { out })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(fs.readFileSync(out, 'utf8')).toBe('old');
    await startCatalogueExport(ctx, 'csv', { out, force: true }).done;
    expect(parseCsv(fs.readFileSync(out, 'utf8'))).toHaveLength(4);
    expect(() => startCatalogueExport(ctx, 'csv', { out: ctx.cataloguePath, force: true })).toThrow(/the catalogue itself/);
    expect(() => startCatalogueExport(ctx, 'csv', { out: path.join(tempDir(), 'no', 'such', 'x.csv') })).toThrow(/does not exist/);
  });

  it('leaves no file behind when the disk fills up mid-write', async () => {
    const { ctx } = await catalogue();
    const dir = tempDir();
    const out = path.join(dir, 'katalog.csv');
    fs.writeFileSync(out, 'previous export');
    const spy = vi.spyOn(fs, 'createWriteStream').mockImplementation(((file: string) => {
      fs.writeFileSync(file, 'partial');
      return new Writable({
        write(_chunk, _enc, cb) {
          cb(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        },
      });
    }) as unknown as typeof fs.createWriteStream);
    try {
      const job = startCatalogueExport(ctx, 'csv', { out, force: true });
      await expect(job.done).rejects.toThrow(/Not enough free space in .*nothing was written/);
      await expect(job.done).rejects.toBeInstanceOf(ApiError);
    } finally {
      spy.mockRestore();
    }
    expect(fs.readdirSync(dir)).toEqual(['katalog.csv']);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous export');
    expect(ctx.jobs.list()[0].state).toBe('failed');
  });
});
