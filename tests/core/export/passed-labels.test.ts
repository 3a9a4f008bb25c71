import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../electron/core/review/decide.js';
import { reviewedItems } from '../../../electron/core/learn/dataset.js';
import { api, apiError, reviewCatalogue } from '../review/fixture.js';

/** Motif needs two validations: ids[0] validated by two people, ids[1] awaiting, ids[2] disputed. */
async function layeredCatalogue() {
  const c = await reviewCatalogue();
  await api(c.ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2 });
  const as = (validator: string, id: number, label: string) => decide(c.db, { facet: 'motif', ids: [id], action: 'label', label }, { validator });
  as('Ayu', c.ids[0], 'kawung');
  as('Budi', c.ids[0], 'kawung');
  as('Ayu', c.ids[1], 'truntum');
  as('Ayu', c.ids[2], 'truntum');
  as('Budi', c.ids[2], 'parang');
  return c;
}

type Row = Record<string, string>;
const rows = (text: string) => parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Row[];

describe('exports and training under layered validation', () => {
  it('the status column shows awaiting and disputed; passedOnly keeps only labels that passed', async () => {
    const { ctx, ids } = await layeredCatalogue();
    const all = rows((await api(ctx, 'export.csvContent', { filter: { facet: 'motif' } })).content);
    const statusOf = (r: Row[], id: number) => r.find((x) => Number(x['dcterms:identifier']) === id)?.['motif.review_status'];
    expect([statusOf(all, ids[0]), statusOf(all, ids[1]), statusOf(all, ids[2])]).toEqual(['validated', 'awaiting', 'disputed']);
    const passed = rows((await api(ctx, 'export.csvContent', { filter: { facet: 'motif', passedOnly: true } })).content);
    expect(passed.map((r) => r['motif.review_status'])).toEqual(['validated']);
    const json = JSON.parse((await api(ctx, 'export.jsonContent', { filter: { facet: 'motif', passedOnly: true, statuses: ['corrected'] } })).content);
    expect(json.images).toEqual([]);
    expect((await apiError(ctx, 'export.csvContent', { filter: { facet: 'motif', passedOnly: true, statuses: ['awaiting'] } })).message).toMatch(/passed validation/);
  });

  it('awaiting and disputed labels never train', async () => {
    const { db, ids } = await layeredCatalogue();
    expect(reviewedItems(db, 2).map((i) => i.imageId)).toEqual([ids[0]]);
  });
});
