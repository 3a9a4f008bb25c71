import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { catalogueCsvText } from '../../../electron/core/export/catalogue.js';
import { activateModel } from '../../../electron/core/models/store.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, facetId, images, labelId, predict } from './fixture.js';

type Row = Record<string, string>;
const rows = (ctx: AppContext, filter = {}) => parse(catalogueCsvText(ctx.db, filter).text, { bom: true, columns: true }) as Row[];

/** What the review grid shows per image for the motif facet: status and label key. */
function grid(ctx: AppContext): [string, string][] {
  return ctx.db
    .prepare(
      `SELECT g.status, coalesce(l.key, '') AS label FROM review_grid g LEFT JOIN labels l ON l.id = g.label_id
       WHERE g.facet_id = ? ORDER BY g.image_id`,
    )
    .all(facetId(ctx.db, 'motif'))
    .map((r) => [(r as { status: string }).status, (r as { label: string }).label]);
}

/** What the export says per image: status and the label a person sees (the decision's, else the prediction's). */
function exported(ctx: AppContext, filter = {}): [string, string][] {
  return rows(ctx, filter).map((r) => [
    r['motif.review_status'],
    ['corrected', 'validated'].includes(r['motif.review_status']) ? r['motif.final_label'] : r['motif.review_status'] === 'rejected' ? '' : r['motif.predicted_label'],
  ]);
}

async function decide(ctx: AppContext, ids: number[], action: string, label?: string) {
  const res = await dispatch('review.decide', { facet: 'motif', ids, action, label, overwriteDecided: true }, ctx);
  expect(res).toMatchObject({ ok: true });
}

describe('exports read the effective status from the review grid', () => {
  it('show what the grid shows after roll-backs, decisions and resets', async () => {
    const ctx = await tempContext();
    const ids = await images(ctx.db, tempDir('canting-photos-'), ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
    const labels = ['kawung', 'parang', 'truntum'];
    const v1 = addModel(ctx.db, 'motif', 'motif-v1', labels);
    const v2 = addModel(ctx.db, 'motif', 'motif-v2', labels);
    predict(ctx.db, ids[0], 'motif', v1, 'parang', 0.6);
    predict(ctx.db, ids[0], 'motif', v2, 'kawung', 0.9, '2026-02-02T00:00:00.000Z');
    predict(ctx.db, ids[1], 'motif', v2, 'truntum', 0.8);
    predict(ctx.db, ids[2], 'motif', v1, 'truntum', 0.4);
    await dispatch('settings.set', { validator: 'Sari' }, ctx);
    // b corrected then reset (follows its prediction again); c rejected; d decided without any prediction.
    await decide(ctx, [ids[1]], 'label', 'parang');
    await decide(ctx, [ids[1]], 'reset');
    await decide(ctx, [ids[2]], 'reject');
    await decide(ctx, [ids[3]], 'label', 'kawung');
    activateModel(ctx.db, v1); // v2 ran last: the grid now shows v1's predictions

    expect(grid(ctx)).toEqual([
      ['predicted', 'parang'],
      ['unreviewed', ''],
      ['rejected', ''],
      ['corrected', 'kawung'],
    ]);
    expect(exported(ctx)).toEqual(grid(ctx));
    // The status and label filters select by the same rule.
    expect(rows(ctx, { facet: 'motif', statuses: ['unreviewed'] }).map((r) => r['dcterms:source'])).toEqual(['b.jpg']);
    expect(rows(ctx, { facet: 'motif', labels: ['parang'] }).map((r) => r['dcterms:source'])).toEqual(['a.jpg']);
  });

  it('follow the grid when its rule says something the v1 tables alone would not', async () => {
    // The grid's triggers are the one place the rule lives (a new status such
    // as "awaiting a second validation" is added there only). Stand for such a
    // rule by changing the grid row directly: the export must follow it.
    const ctx = await tempContext();
    const [a, b] = await images(ctx.db, tempDir('canting-photos-'), ['a.jpg', 'b.jpg']);
    const v1 = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'parang']);
    predict(ctx.db, a, 'motif', v1, 'kawung', 0.9);
    predict(ctx.db, b, 'motif', v1, 'parang', 0.7);
    ctx.db.prepare("UPDATE review_grid SET status = 'corrected', label_id = ? WHERE image_id = ?").run(labelId(ctx.db, 'motif', 'kawung'), b);

    expect(exported(ctx)).toEqual([
      ['predicted', 'kawung'],
      ['corrected', 'kawung'],
    ]);
    expect(rows(ctx, { facet: 'motif', statuses: ['predicted'] }).map((r) => r['dcterms:source'])).toEqual(['a.jpg']);
    expect(rows(ctx, { facet: 'motif', labels: ['parang'] })).toEqual([]);
  });
});
