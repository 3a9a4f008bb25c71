import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { CallInput, CallOutput } from '../../../electron/common/contract/index.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { archive, fields, hint, sheet, snapshot } from './fixture.js';

async function run(ctx: AppContext, input: CallInput<'metadata.import'>) {
  const r = await dispatch('metadata.import', input, ctx);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as CallOutput<'metadata.import'>;
}

/** The refusal of an import that must be refused. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the import was accepted');
    },
    (e: Error & { messageKey?: string }) => e,
  );

describe('metadata import', () => {
  it('reads a Windows-1252 sheet saved by Excel (semicolons) and attaches its fields and labels as hints', async () => {
    const { ctx, db, ids } = await archive();
    const csv = sheet(
      [
        'Nama File|Nomor Inventaris|Judul|Keterangan|Tanggal|Tempat|Motif',
        'ttm-7.jpg|BTK-0007|Pekalongan – Batik Tulis, ©, é|Kain panjang «truntum»|25/03/1998|Pekalongan|Truntum',
        'parang/002.jpg|BTK-0002|Parang rusak||03/04/1998|Solo|parang',
      ],
      'windows-1252',
      ';',
    );
    const r = await run(ctx, { csv, match: 'file-name' });
    expect(r.encoding).toBe('windows-1252');
    expect(r.keyColumn).toBe('Nama File');
    expect(r.matched.map((m) => m.imageId)).toEqual([ids[3], ids[2]]);
    expect(fields(db, ids[3])).toEqual({
      identifier: 'BTK-0007',
      title: 'Pekalongan – Batik Tulis, ©, é',
      description: 'Kain panjang «truntum»',
      date: '25/03/1998 (1998-03-25)',
      place: 'Pekalongan',
    });
    // 03/04/1998 reads two ways: kept as given, no ISO date guessed.
    expect(fields(db, ids[2]).date).toBe('03/04/1998');
    expect(hint(db, ids[3], 'motif')).toBe('truntum');
    expect(hint(db, ids[2], 'motif')).toBe('parang');
    expect(db.prepare("SELECT source FROM hints WHERE image_id = ?").pluck().get(ids[3])).toBe(`sheet:${r.importId}`);
    // Hints are never reviews.
    expect(db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
  });

  it('reads UTF-8 with a BOM (the first heading is not "\\uFEFFfile")', async () => {
    const { ctx, db, ids } = await archive();
    const csv = sheet(['file|title', 'ttm-7.jpg|Truntum Sogan Yogyakarta'], 'utf-8-bom');
    const r = await run(ctx, { csv, match: 'file-name' });
    expect(r.encoding).toBe('utf-8');
    expect(fields(db, ids[3])).toEqual({ title: 'Truntum Sogan Yogyakarta' });
  });

  it('refuses a sheet that is not UTF-8 when UTF-8 is chosen, and writes nothing', async () => {
    const { ctx, db } = await archive();
    const csv = sheet(['file|title', 'ttm-7.jpg|Batik © é'], 'windows-1252');
    const before = snapshot(db);
    await expect(run(ctx, { csv, match: 'file-name', encoding: 'utf-8' })).rejects.toMatchObject({ messageKey: 'sheetNotUtf8' });
    expect(snapshot(db)).toEqual(before);
  });

  it('refuses the whole file for duplicate identifiers, a row matching several photos, and an unknown label — nothing written', async () => {
    const { ctx, db } = await archive();
    const csv = sheet(['file|identifier|title|motif', 'ttm-7.jpg|A-1|Satu|truntum', '002.jpg|A-1|Dua|', '001.jpg|A-3|Tiga|', 'ttm-7.jpg|A-4|Lagi|', '002.jpg|A-5||Batik Bogor']);
    const before = snapshot(db);
    const err = await refusal(run(ctx, { csv, match: 'file-name' }));
    expect(err).toMatchObject({ messageKey: 'sheetRefused' });
    expect(err.message).toContain('row 3: identifier "A-1" is also on row 2');
    expect(err.message).toContain('row 4: "001.jpg" matches 2 photos');
    expect(err.message).toContain('row 5: describes the same photo');
    expect(err.message).toContain('"Batik Bogor" is not a label of facet "motif"');
    expect(snapshot(db)).toEqual(before);
  });

  it('a dry run words each problem for the interface: a key and values both languages have', async () => {
    const { ctx } = await archive();
    const csv = sheet(['file|identifier|title', 'ttm-7.jpg|A-1|Satu', '002.jpg|A-1|Dua', 'ttm-7.jpg|A-4|Lagi']);
    const r = await run(ctx, { csv, match: 'file-name', dryRun: true });
    expect(r.problems).toMatchObject([
      { line: 3, key: 'duplicateIdentifier', params: { identifier: 'A-1', row: 2 } },
      { line: 4, key: 'samePhoto', params: { row: 2 } },
    ]);
    const [id, en] = ['id', 'en'].map((l) => (JSON.parse(fs.readFileSync(`renderer/src/i18n/locales/${l}.json`, 'utf8')) as { metadataImport: { problems: Record<string, string> } }).metadataImport.problems);
    for (const p of r.problems) expect([id[p.key!], en[p.key!]], p.key).toEqual([expect.any(String), expect.any(String)]);
    expect(id.samePhoto).toContain('foto yang sama');
  });

  it('a dry run lists matched, unmatched and ambiguous rows with their numbers and writes nothing', async () => {
    const { ctx, db, ids } = await archive();
    const csv = sheet(['file|title|motif', 'ttm-7.jpg|Truntum|truntum', 'hilang.jpg|Tidak ada|', '001.jpg|Kawung?|kawung', '002.jpg|Parang|parang']);
    const before = snapshot(db);
    const r = await run(ctx, { csv, match: 'file-name', dryRun: true });
    expect(r.importId).toBeNull();
    expect(r.matched.map((m) => [m.line, m.imageId])).toEqual([
      [2, ids[3]],
      [5, ids[2]],
    ]);
    expect(r.unmatched).toEqual([{ line: 3, key: 'hilang.jpg' }]);
    expect(r.ambiguous).toMatchObject([{ line: 4, key: '001.jpg' }]);
    expect(r.ambiguous[0].files.map((f) => f.split('/').slice(-2).join('/'))).toEqual(['kawung/001.jpg', 'parang/001.jpg']);
    expect(r).toMatchObject({ fields: 2, hints: 2 });
    expect(snapshot(db)).toEqual(before);
  });

  it('refuses a --map naming a column the sheet lacks or a field Canting does not keep', async () => {
    const { ctx } = await archive();
    const csv = sheet(['file|Judul', 'ttm-7.jpg|Truntum']);
    await expect(run(ctx, { csv, match: 'file-name', map: { Title: 'title' } })).rejects.toMatchObject({ messageKey: 'sheetUnknownColumn', message: expect.stringContaining('file, Judul') });
    await expect(run(ctx, { csv, match: 'file-name', map: { Judul: 'colour' } })).rejects.toMatchObject({ messageKey: 'sheetUnknownField' });
    await expect(run(ctx, { csv, match: 'file-name', map: { Judul: 'label:warna' } })).rejects.toMatchObject({ messageKey: 'sheetUnknownField' });
    // A recognised column can be left out.
    const both = sheet(['file|Judul|Keterangan', 'ttm-7.jpg|Truntum|catatan lama']);
    expect((await run(ctx, { csv: both, match: 'file-name', map: { Keterangan: 'ignore' }, dryRun: true })).columns).toEqual([{ column: 'Judul', field: 'title' }]);
  });

  it('matches by path, SHA-256 and, once known, the archive identifier', async () => {
    const { ctx, db, ids, root } = await archive();
    await run(ctx, { csv: sheet(['path|identifier', 'kawung/001.jpg|K-1', `${root}/parang/001.jpg|P-1`]), match: 'path' });
    expect([fields(db, ids[0]).identifier, fields(db, ids[1]).identifier]).toEqual(['K-1', 'P-1']);
    const sha = db.prepare('SELECT sha256 FROM images WHERE id = ?').pluck().get(ids[2]) as string;
    await run(ctx, { csv: sheet(['sha256|title', `${sha.toUpperCase()}|Parang kecil`]), match: 'sha256' });
    expect(fields(db, ids[2]).title).toBe('Parang kecil');
    await run(ctx, { csv: sheet(['No. Inventaris|Asal', 'K-1|Yogyakarta']), match: 'identifier', map: { 'No. Inventaris': 'identifier' } });
    expect(fields(db, ids[0]).place).toBe('Yogyakarta');
  });

  it('refuses an identifier that already names another photo', async () => {
    const { ctx, db, ids } = await archive();
    await run(ctx, { csv: sheet(['file|identifier', 'ttm-7.jpg|X-1']), match: 'file-name' });
    const err = await refusal(run(ctx, { csv: sheet(['file|identifier', '002.jpg|X-1']), match: 'file-name' }));
    expect(err.message).toContain(`identifier "X-1" already names photo #${ids[3]}`);
    expect(fields(db, ids[2])).toEqual({});
  });

  it('labels as reviewed go through the review decision, signed by the validator, and never replace a person’s decision', async () => {
    const { ctx, db, ids } = await archive();
    await run(ctx, { csv: sheet(['file|motif', 'ttm-7.jpg|parang']), match: 'file-name', asReviewed: true, validator: 'Bu Sari' });
    await expect(run(ctx, { csv: sheet(['file|motif', '002.jpg|parang']), match: 'file-name', asReviewed: true })).rejects.toMatchObject({ messageKey: 'sheetValidatorNeeded' });
    const r = await run(ctx, { csv: sheet(['file|motif', 'ttm-7.jpg|truntum', '002.jpg|parang']), match: 'file-name', asReviewed: true, validator: 'Pak Budi' });
    expect(r).toMatchObject({ reviewed: 1, skippedDecided: 1 });
    const reviews = db.prepare("SELECT r.image_id, l.key, r.status, r.validator FROM reviews r JOIN labels l ON l.id = r.label_id ORDER BY r.image_id").all();
    expect(reviews).toEqual([
      { image_id: ids[2], key: 'parang', status: 'corrected', validator: 'Pak Budi' },
      { image_id: ids[3], key: 'parang', status: 'corrected', validator: 'Bu Sari' },
    ]);
  });

  it('undo takes a whole import back (fields, hints, reviewed labels), keeps what changed since, and is audited', async () => {
    const { ctx, db, ids } = await archive();
    const first = await run(ctx, { csv: sheet(['file|title|motif', 'ttm-7.jpg|Lama|']), match: 'file-name' });
    db.prepare("INSERT INTO hints (image_id, facet_id, label_id, source) SELECT ?, 2, id, 'folder:kawung' FROM labels WHERE key = 'kawung'").run(ids[2]);
    const before = { a: fields(db, ids[3]), b: fields(db, ids[2]), hint: hint(db, ids[2], 'motif') };
    const second = await run(ctx, {
      csv: sheet(['file|title|place|motif', 'ttm-7.jpg|Baru|Lasem|truntum', '002.jpg|Parang|Solo|parang']),
      match: 'file-name',
    });
    const third = await run(ctx, { csv: sheet(['file|place', '002.jpg|Surakarta']), match: 'file-name' });
    const undo = async (importId: number) => {
      const r = await dispatch('metadata.undo', { importId }, ctx);
      if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
      return r.value as CallOutput<'metadata.undo'>;
    };
    const r = await undo(second.importId!);
    expect(fields(db, ids[3])).toEqual(before.a);
    expect(hint(db, ids[3], 'motif')).toBeNull();
    // The folder hint the sheet replaced is back; the later import's place is kept.
    expect(hint(db, ids[2], 'motif')).toBe(before.hint);
    expect(fields(db, ids[2])).toEqual({ place: 'Surakarta' });
    expect(r.skipped).toEqual([{ imageId: ids[2], field: 'place', reason: expect.stringContaining('changed after') }]);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'undo' AND entity IN ('record', 'hint')").pluck().get()).toBe(r.restored);
    await expect(undo(second.importId!)).rejects.toMatchObject({ messageKey: 'metadataImportUndone' });
    await expect(undo(999)).rejects.toMatchObject({ messageKey: 'metadataImportNotFound' });
    expect(first.importId).not.toBe(third.importId);

    const reviewed = await run(ctx, { csv: sheet(['file|motif', '002.jpg|truntum']), match: 'file-name', asReviewed: true, validator: 'Sari' });
    const shown = () => db.prepare('SELECT status FROM review_grid WHERE image_id = ? AND facet_id = 2').pluck().get(ids[2]);
    expect(shown()).toBe('corrected');
    await undo(reviewed.importId!);
    expect(shown()).toBe('unreviewed');
  });
});
