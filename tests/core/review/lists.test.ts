import { describe, expect, it } from 'vitest';
import { activateModel } from '../../../electron/core/models/store.js';
import { addModel, api, predict, reviewCatalogue } from './fixture.js';

describe('model versions for the grid’s model filter', () => {
  it('count the images each version matches: the active one’s predictions, so any other is visibly empty', async () => {
    const { ctx, db, ids, model } = await reviewCatalogue();
    // motif-v1 (active) classified four images; motif-v2 has not classified anything; motif-v3 classified one image
    addModel(db, 'motif', 'motif-v2', false);
    const v3 = addModel(db, 'motif', 'motif-v3', false);
    predict(db, ids[0], 'motif', v3, 'kawung', 0.9);
    const counts = async () => {
      const versions = await api(ctx, 'review.modelVersions', { facet: 'motif' });
      // each count is what the filter gives
      for (const v of versions) {
        const page = await api(ctx, 'review.query', { facet: 'motif', filter: { modelVersion: v.version }, limit: 1 });
        expect(page.total).toBe(v.images);
      }
      return Object.fromEntries(versions.map((v) => [v.version, v.images]));
    };
    // The shipped head, registered when the catalogue was opened, classified nothing here.
    const shipped = Object.fromEntries(ctx.bundledModels.added.map((v) => [v, 0]));
    // Only the active version's predictions are shown, so only it matches anything.
    expect(await counts()).toEqual({ ...shipped, 'motif-v1': 4, 'motif-v2': 0, 'motif-v3': 0 });
    activateModel(db, v3);
    expect(await counts()).toEqual({ ...shipped, 'motif-v1': 0, 'motif-v2': 0, 'motif-v3': 1 });
    activateModel(db, model);
    expect(await counts()).toEqual({ ...shipped, 'motif-v1': 4, 'motif-v2': 0, 'motif-v3': 0 });
    // another facet has none of them
    expect((await api(ctx, 'review.modelVersions', { facet: 'tema' })).every((v) => v.images === 0)).toBe(true);
  });
});
