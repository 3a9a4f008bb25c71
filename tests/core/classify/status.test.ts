import { describe, expect, it } from 'vitest';
import { activateModel } from '../../../electron/core/models/store.js';
import { addImageRows, addModel, api, predict } from '../review/fixture.js';
import { tempContext } from '../../helpers/temp.js';

describe('classify.status', () => {
  it('counts the catalogue images the active version classified, as the grid shows them', async () => {
    const ctx = await tempContext();
    const db = ctx.db;
    const [a, b, c, d, old] = addImageRows(db, ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'd-old.jpg']);
    const v1 = addModel(db, 'tema', 'tema-v1');
    for (const id of [a, b, old]) predict(db, id, 'tema', v1, 'flora', 0.8);
    db.prepare('UPDATE images SET superseded_by = ? WHERE id = ?').run(d, old); // a re-import replaced it
    const v2 = addModel(db, 'tema', 'tema-v2', false);
    for (const id of [a, b, c, d]) predict(db, id, 'tema', v2, 'fauna', 0.7);

    const status = () => api(ctx, 'classify.status', { facet: 'tema' });
    expect(await status()).toMatchObject({ modelVersion: 'tema-v1', images: 4, predicted: 2 });
    activateModel(db, v2);
    expect(await status()).toMatchObject({ modelVersion: 'tema-v2', images: 4, predicted: 4 });
    activateModel(db, v1); // roll back: two still to classify, as the grid shows them
    expect(await status()).toMatchObject({ modelVersion: 'tema-v1', predicted: 2 });
    const unclassified = await api(ctx, 'review.counts', { facet: 'tema' });
    expect(unclassified.byStatus.unreviewed).toBe(2);
    // The catalogue's summary counts the same way.
    expect((await api(ctx, 'catalogue.info', {})).counts).toMatchObject({ images: 4, predicted: 2 });
  });
});
