import { describe, expect, it } from 'vitest';
import { addModel, api, predict, reviewCatalogue } from './fixture.js';

describe('model versions for the grid’s model filter', () => {
  it('count the images each version would match, so one that predicted nothing here is visibly empty', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    // motif-v2 is activated but has not classified anything yet; motif-v3 re-predicted one image of motif-v1's
    addModel(db, 'motif', 'motif-v2');
    const v3 = addModel(db, 'motif', 'motif-v3', false);
    predict(db, ids[0], 'motif', v3, 'kawung', 0.9);

    const versions = await api(ctx, 'review.modelVersions', { facet: 'motif' });
    const images = Object.fromEntries(versions.map((v) => [v.version, v.images]));
    expect(images).toMatchObject({ 'motif-v1': 3, 'motif-v2': 0, 'motif-v3': 1 });
    // each count is what the filter gives
    for (const v of versions) {
      const page = await api(ctx, 'review.query', { facet: 'motif', filter: { modelVersion: v.version }, limit: 1 });
      expect(page.total).toBe(v.images);
    }
    // another facet has none of them
    expect((await api(ctx, 'review.modelVersions', { facet: 'tema' })).every((v) => v.images === 0)).toBe(true);
  });
});
