import { describe, expect, it } from 'vitest';
import { compileFilter, orderSql, whereSql } from '../../../electron/core/review/filter.js';
import { getFacet } from '../../../electron/core/catalogue/facets.js';
import { api, apiError, reviewCatalogue } from './fixture.js';

// reviewCatalogue: a-kawung 0.95, b-parang 0.8, c-truntum 0.6, d-unsure (kawung) 0.3, e-new unpredicted.
describe('grid id filter (suggested-next lists, model disagreements)', () => {
  it('restricts the grid, the counts and select-all to the given ids', async () => {
    const { ctx, ids } = await reviewCatalogue();
    const filter = { ids: [ids[3], ids[0], ids[4]] };
    const page = await api(ctx, 'review.query', { facet: 'motif', filter, sort: 'fileName' });
    expect(page.items.map((i) => i.fileName)).toEqual(['a-kawung.jpg', 'd-unsure.jpg', 'e-new.jpg']);
    expect(page.total).toBe(3);
    expect(page.counts).toEqual({
      total: 3,
      byLabel: { kawung: 2, megamendung: 0, parang: 0, truntum: 0 },
      noLabel: 1,
      byStatus: { unreviewed: 1, predicted: 2, corrected: 0, validated: 0, rejected: 0, awaiting: 0, disputed: 0 },
    });
    expect(await api(ctx, 'review.counts', { facet: 'motif', filter })).toEqual(page.counts);
    expect(await api(ctx, 'review.ids', { facet: 'motif', filter, sort: 'uncertainty' })).toEqual({ ids: [ids[3], ids[0], ids[4]], total: 3 });
  });

  it('keeps the order of the list with sort "given" (first occurrence wins), reversed with desc', async () => {
    const { ctx, ids } = await reviewCatalogue();
    const list = [ids[2], ids[4], ids[0], ids[2], ids[1]];
    const names = async (desc?: boolean, extra: object = {}) =>
      (await api(ctx, 'review.query', { facet: 'motif', filter: { ids: list, ...extra }, sort: 'given', desc, counts: false })).items.map((i) => i.fileName[0]).join('');
    expect(await names()).toBe('ceab');
    expect(await names(true)).toBe('baec');
    // Combined with the other filters (AND), still in the list's order, and paged.
    expect(await names(false, { statuses: ['predicted'] })).toBe('cab');
    expect(await names(false, { text: 'PARANG' })).toBe('b');
    const window = await api(ctx, 'review.query', { facet: 'motif', filter: { ids: list }, sort: 'given', offset: 1, limit: 2, counts: false });
    expect(window.items.map((i) => i.fileName[0]).join('')).toBe('ea');
    expect(window.total).toBe(4);
    expect((await api(ctx, 'review.ids', { facet: 'motif', filter: { ids: list }, sort: 'given' })).ids).toEqual([ids[2], ids[4], ids[0], ids[1]]);
  });

  it('leaves out unknown and superseded ids, and an empty list shows nothing', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    db.prepare('UPDATE images SET superseded_by = ? WHERE id = ?').run(ids[4], ids[1]);
    const page = await api(ctx, 'review.query', { facet: 'motif', filter: { ids: [ids[1], 999_999, ids[0]] }, sort: 'given' });
    expect(page.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(page.counts?.total).toBe(1);
    const empty = await api(ctx, 'review.query', { facet: 'motif', filter: { ids: [] } });
    expect(empty).toMatchObject({ total: 0, items: [] });
    // null means "no id filter", as for the other filters
    expect((await api(ctx, 'review.query', { facet: 'motif', filter: { ids: null } })).total).toBe(4);
  });

  it('refuses sort "given" without a list, and lists over 5,000 ids or with bad ids', async () => {
    const { ctx } = await reviewCatalogue();
    expect(await apiError(ctx, 'review.query', { facet: 'motif', sort: 'given' })).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/filter\.ids/) });
    expect((await apiError(ctx, 'review.ids', { facet: 'motif', sort: 'given' })).code).toBe('invalid_input');
    const big = Array.from({ length: 5001 }, (_, i) => i + 1);
    expect((await apiError(ctx, 'review.query', { facet: 'motif', filter: { ids: big } })).code).toBe('invalid_input');
    expect((await apiError(ctx, 'review.query', { facet: 'motif', filter: { ids: [0] } })).code).toBe('invalid_input');
  });

  it('answers 5,000 ids from the list with primary-key seeks, not a scan of the grid', async () => {
    const { ctx } = await reviewCatalogue();
    const facet = getFacet(ctx.db, 'motif');
    const f = compileFilter(ctx.db, facet, { ids: Array.from({ length: 5000 }, (_, i) => i + 1), statuses: ['predicted'] });
    const plan = (ctx.db.prepare(`EXPLAIN QUERY PLAN SELECT g.image_id FROM ${f.from} WHERE ${whereSql(f, { labels: true, statuses: true })} ORDER BY ${orderSql(f, 'given')}`).all(f.params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    expect(plan).toMatch(/SCAN o VIRTUAL TABLE/);
    expect(plan).toMatch(/SEARCH g USING PRIMARY KEY \(image_id=\? AND facet_id=\?\)/);
  });
});
