import { describe, expect, it } from 'vitest';
import { activateModel } from '../../../electron/core/models/store.js';
import { addImageRows, addModel, api, apiError, labelId, predict, reviewCatalogue } from './fixture.js';

describe('review.query', () => {
  it('shows the least certain first, with unpredicted images last, and one window at a time', async () => {
    const { ctx } = await reviewCatalogue();
    const page = await api(ctx, 'review.query', { facet: 'motif' });
    expect(page.items.map((i) => i.fileName)).toEqual(['d-unsure.jpg', 'c-truntum.jpg', 'b-parang.jpg', 'a-kawung.jpg', 'e-new.jpg']);
    expect(page.items[0]).toMatchObject({ status: 'predicted', label: 'kawung', labelName: 'Kawung', confidence: 0.3, modelVersion: 'motif-v1', missing: false });
    expect(page.items[4]).toMatchObject({ status: 'unreviewed', label: null, confidence: null });
    expect(page.total).toBe(5);

    const second = await api(ctx, 'review.query', { facet: 'motif', offset: 2, limit: 2, counts: false });
    expect(second.items.map((i) => i.fileName)).toEqual(['b-parang.jpg', 'a-kawung.jpg']);
    expect(second).toMatchObject({ total: 5, offset: 2, counts: null });
  });

  it('sorts by confidence, file name and import time in both directions', async () => {
    const { ctx } = await reviewCatalogue();
    const names = async (sort: 'confidence' | 'fileName' | 'importedAt', desc?: boolean) =>
      (await api(ctx, 'review.query', { facet: 'motif', sort, desc, counts: false })).items.map((i) => i.fileName[0]).join('');
    expect(await names('confidence', true)).toBe('abcde');
    expect(await names('fileName')).toBe('abcde');
    expect(await names('fileName', true)).toBe('edcba');
    expect(await names('importedAt')).toBe('edcba'); // newest first by default
  });

  it('filters by status, label, confidence range, text, folder, root, model and duplicates', async () => {
    const { ctx, db, ids, model } = await reviewCatalogue();
    const other = addImageRows(db, ['x-kawung.jpg', 'y.jpg'], { root: '/second', folder: '2019/kawung' });
    db.prepare('UPDATE images SET dup_group = ? WHERE id IN (?, ?)').run(ids[0], ids[0], other[0]);
    predict(db, other[0], 'motif', model, 'kawung', 0.5);
    // A version that is not active: its kept prediction is not what the grid shows.
    predict(db, ids[4], 'motif', addModel(db, 'motif', 'motif-v2', false), 'parang', 0.9);
    const fileNames = async (filter: object) => (await api(ctx, 'review.query', { facet: 'motif', sort: 'fileName', filter, counts: false })).items.map((i) => i.fileName);

    expect(await fileNames({ statuses: ['unreviewed'] })).toEqual(['e-new.jpg', 'y.jpg']);
    expect(await fileNames({ labels: ['kawung'] })).toEqual(['a-kawung.jpg', 'd-unsure.jpg', 'x-kawung.jpg']);
    expect(await fileNames({ labels: ['Mega Mendung', 'truntum'] })).toEqual(['c-truntum.jpg']);
    expect(await fileNames({ minConfidence: 0.5, maxConfidence: 0.8 })).toEqual(['b-parang.jpg', 'c-truntum.jpg', 'x-kawung.jpg']);
    expect(await fileNames({ text: 'KAWUNG' })).toEqual(['a-kawung.jpg', 'x-kawung.jpg']);
    expect(await fileNames({ text: '%' })).toEqual([]); // wildcards are literal
    const second = (await api(ctx, 'import.roots', {})).find((r) => r.path === '/second')!;
    expect(second.images).toBe(2);
    expect(await fileNames({ rootId: second.id })).toEqual(['x-kawung.jpg', 'y.jpg']);
    expect(await fileNames({ folder: '2019/' })).toEqual(['x-kawung.jpg', 'y.jpg']);
    expect(await fileNames({ folder: '2019/kawung' })).toEqual(['x-kawung.jpg', 'y.jpg']);
    expect(await fileNames({ folder: '2019/kaw' })).toEqual([]); // a folder, not a name prefix
    expect(await fileNames({ modelVersion: 'motif-v1' })).toEqual(['a-kawung.jpg', 'b-parang.jpg', 'c-truntum.jpg', 'd-unsure.jpg', 'x-kawung.jpg']);
    expect(await fileNames({ modelVersion: 'motif-v2' })).toEqual([]);
    expect(await fileNames({ hasDuplicate: true })).toEqual(['a-kawung.jpg', 'x-kawung.jpg']);
    expect((await fileNames({ hasDuplicate: false })).length).toBe(5);
    // UI filter state with nulls is accepted as "no filter"
    expect((await fileNames({ labels: [], statuses: [], minConfidence: null, rootId: null, modelVersion: null, hasDuplicate: null, text: '' })).length).toBe(7);
  });

  it('counts per label and status for the filter, leaving each dimension\'s own filter out', async () => {
    const { ctx } = await reviewCatalogue();
    const all = await api(ctx, 'review.counts', { facet: 'motif' });
    expect(all).toEqual({
      total: 5,
      byLabel: { kawung: 2, megamendung: 0, parang: 1, truntum: 1 },
      noLabel: 1,
      byStatus: { unreviewed: 1, predicted: 4, corrected: 0, validated: 0, rejected: 0, awaiting: 0, disputed: 0 },
    });
    const kawung = await api(ctx, 'review.query', { facet: 'motif', filter: { labels: ['kawung'], maxConfidence: 0.9 } });
    expect(kawung.total).toBe(1);
    expect(kawung.counts).toEqual({
      total: 1,
      byLabel: { kawung: 1, megamendung: 0, parang: 1, truntum: 1 },
      noLabel: 0,
      byStatus: { unreviewed: 0, predicted: 1, corrected: 0, validated: 0, rejected: 0, awaiting: 0, disputed: 0 },
    });
  });

  it('selects every id in the filter in grid order', async () => {
    const { ctx, ids } = await reviewCatalogue();
    expect(await api(ctx, 'review.ids', { facet: 'motif', filter: { statuses: ['predicted'] } })).toEqual({ ids: [ids[3], ids[2], ids[1], ids[0]], total: 4 });
  });

  it('flags hints that disagree, duplicates and missing originals', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    db.prepare("INSERT INTO hints (image_id, facet_id, label_id, source) VALUES (?, 2, ?, 'folder')").run(ids[0], labelId(db, 'motif', 'parang'));
    db.prepare("INSERT INTO hints (image_id, facet_id, label_id, source) VALUES (?, 2, ?, 'folder')").run(ids[1], labelId(db, 'motif', 'parang'));
    db.prepare('UPDATE images SET missing = 1 WHERE id = ?').run(ids[2]);
    const items = new Map((await api(ctx, 'review.query', { facet: 'motif' })).items.map((i) => [i.id, i]));
    expect(items.get(ids[0])).toMatchObject({ hint: 'parang', hintConflict: true });
    expect(items.get(ids[1])).toMatchObject({ hint: 'parang', hintConflict: false });
    expect(items.get(ids[2])).toMatchObject({ missing: true, error: 'missing_file' });
    expect(items.get(ids[0])!.hasThumbnail).toBe(false);
  });

  it('gives each card the probability of the label it shows: a correction its own, not the top prediction’s', async () => {
    const { ctx, db, ids, model } = await reviewCatalogue();
    // The model says parang 62 %, kawung 38 %, truntum 0 %; the validator corrects to kawung, then another to megamendung (outside the top-k).
    db.prepare('UPDATE predictions SET topk = ? WHERE image_id = ? AND model_id = ?').run(
      JSON.stringify([{ label: 'parang', p: 0.62 }, { label: 'kawung', p: 0.38 }]),
      ids[1],
      model,
    );
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[1]], action: 'label', label: 'kawung' });
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[2]], action: 'label', label: 'megamendung' });
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[3]], action: 'reject' });
    const items = new Map((await api(ctx, 'review.query', { facet: 'motif' })).items.map((i) => [i.id, i]));
    expect(items.get(ids[1])).toMatchObject({ status: 'corrected', label: 'kawung', confidence: 0.8, labelConfidence: 0.38 });
    expect(items.get(ids[0])).toMatchObject({ status: 'predicted', label: 'kawung', confidence: 0.95, labelConfidence: 0.95 });
    expect(items.get(ids[2])).toMatchObject({ status: 'corrected', label: 'megamendung', labelConfidence: null });
    expect(items.get(ids[3])).toMatchObject({ status: 'rejected', labelConfidence: null });
    expect(items.get(ids[4])).toMatchObject({ status: 'unreviewed', labelConfidence: null });
  });

  it('refuses labels outside the facet, unknown facets and empty ranges', async () => {
    const { ctx } = await reviewCatalogue();
    expect(await apiError(ctx, 'review.query', { facet: 'motif', filter: { labels: ['fauna'] } })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('Kawung') });
    expect(await apiError(ctx, 'review.query', { facet: 'warna' })).toMatchObject({ code: 'not_found' });
    expect(await apiError(ctx, 'review.query', { facet: 'motif', filter: { minConfidence: 0.9, maxConfidence: 0.1 } })).toMatchObject({ code: 'invalid_input' });
    expect(await apiError(ctx, 'review.query', { facet: 'motif', filter: { modelVersion: 'nope' } })).toMatchObject({ code: 'not_found' });
    expect(await apiError(ctx, 'review.query', { facet: 'motif', filter: { colour: 'red' } as never })).toMatchObject({ code: 'invalid_input' });
  });

  it('shows the active version’s prediction: another version’s run changes nothing, activation and roll-back switch at once', async () => {
    const { ctx, db, ids, model } = await reviewCatalogue();
    const v2 = addModel(db, 'motif', 'motif-v2', false);
    predict(db, ids[3], 'motif', v2, 'parang', 0.99); // v2 runs last, but v1 is active
    const unsure = async () => (await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'd-unsure' } })).items[0];
    const unclassified = async () => (await api(ctx, 'review.query', { facet: 'motif', sort: 'fileName', filter: { statuses: ['unreviewed'] } })).items.map((i) => i.fileName);
    expect(await unsure()).toMatchObject({ status: 'predicted', label: 'kawung', confidence: 0.3, modelVersion: 'motif-v1' });
    activateModel(db, v2);
    expect(await unsure()).toMatchObject({ status: 'predicted', label: 'parang', confidence: 0.99, modelVersion: 'motif-v2' });
    expect(await unclassified()).toEqual(['a-kawung.jpg', 'b-parang.jpg', 'c-truntum.jpg', 'e-new.jpg']); // v2 has not classified them
    expect((await api(ctx, 'review.counts', { facet: 'motif' })).byLabel).toEqual({ kawung: 0, megamendung: 0, parang: 1, truntum: 0 });
    activateModel(db, model); // roll back
    expect(await unsure()).toMatchObject({ label: 'kawung', confidence: 0.3, modelVersion: 'motif-v1' });
    expect(await unclassified()).toEqual(['e-new.jpg']);
    db.prepare('DELETE FROM predictions WHERE image_id = ? AND model_id = ?').run(ids[3], model);
    expect(await unsure()).toMatchObject({ status: 'unreviewed', label: null, modelVersion: null });
    db.prepare('UPDATE images SET superseded_by = ? WHERE id = ?').run(ids[4], ids[3]);
    expect((await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'd-unsure' } })).total).toBe(0);
  });
});

describe('grid query plans', () => {
  it('walks an index for each sort and never scans review_grid without one', async () => {
    const { ctx } = await reviewCatalogue();
    const plan = (sql: string) => (ctx.db.prepare('EXPLAIN QUERY PLAN ' + sql).all(2) as { detail: string }[]).map((r) => r.detail).join(' | ');
    for (const order of ['g.uncertainty DESC, g.image_id DESC', 'g.confidence ASC, g.image_id ASC', 'g.file_name COLLATE NOCASE ASC, g.image_id ASC', 'g.imported_at DESC, g.image_id DESC']) {
      const p = plan(`SELECT g.image_id FROM review_grid g WHERE g.facet_id = ? ORDER BY ${order} LIMIT 200`);
      expect(p, order).toMatch(/USING (COVERING )?INDEX review_grid_/);
      expect(p, order).not.toMatch(/TEMP B-TREE/);
    }
    const counts = plan("SELECT g.status, g.label_id, count(*) FROM review_grid g WHERE g.facet_id = ? GROUP BY g.status, g.label_id");
    expect(counts).toMatch(/COVERING INDEX review_grid_(status|label)/);
    const status = plan("SELECT g.image_id FROM review_grid g WHERE g.facet_id = ? AND g.status IN ('predicted') ORDER BY g.uncertainty DESC, g.image_id DESC LIMIT 200");
    expect(status).toMatch(/INDEX review_grid_/);
  });
});
