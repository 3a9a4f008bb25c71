import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID, EMBEDDING_DIM, INPUT_SIZE } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { toBackboneInput } from '../../../electron/core/classify/preprocess.js';
import { augmentedImage, AUGMENTATIONS } from '../../../electron/core/learn/augment.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { writeJpeg } from '../../helpers/images.js';
import { tempDir } from '../../helpers/temp.js';
import { api, learnCatalogue, review, TEMA } from './catalogue.js';

describe('augmented views', () => {
  it('gives four different 224×224 RGB views of an image', async () => {
    const file = await writeJpeg(path.join(tempDir(), 'a.jpg'), 5, 48);
    const views = await Promise.all(AUGMENTATIONS.map(async (a) => toBackboneInput(await augmentedImage(file, a.view))));
    for (const v of views) expect(v.length).toBe(INPUT_SIZE * INPUT_SIZE * 3);
    const bytes = views.map((v) => Buffer.from(v.buffer));
    for (let i = 0; i < views.length; i++) for (let j = i + 1; j < views.length; j++) expect(bytes[i].equals(bytes[j])).toBe(false);
    await expect(augmentedImage(file, 9)).rejects.toThrow(/no augmentation for view 9/);
  });

  it('are embedded once, cached as views 1..4, and used for training', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [6, 6, 6, 6] });
    let embedded = 0;
    // A stand-in backbone: the mean pixel value repeated (no MobileNet in unit tests).
    const openEmbedder = async () => ({
      embed: async (px: Float32Array, n: number) => {
        embedded += n;
        const out = new Float32Array(n * EMBEDDING_DIM);
        for (let i = 0; i < n; i++) out.fill(px.subarray(i * INPUT_SIZE * INPUT_SIZE * 3, (i + 1) * INPUT_SIZE * INPUT_SIZE * 3).reduce((a, b) => a + b, 0) / 1e5, i * EMBEDDING_DIM, (i + 1) * EMBEDDING_DIM);
        return out;
      },
      close: async () => undefined,
    });
    const first = await trainFacet(ctx.db, { facet: 'tema', epochs: 2, augment: true, minPerLabel: 5 }, { openEmbedder });
    expect(first.augmentedViews).toBe(4);
    expect(embedded).toBe(24 * 4);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(24 * 5);
    const second = await trainFacet(ctx.db, { facet: 'tema', epochs: 2, augment: true, minPerLabel: 5 }, { openEmbedder });
    expect(second.augmentedViews).toBe(4);
    expect(embedded).toBe(24 * 4); // cached: nothing recomputed
    expect(second.version.training.notes).toMatch(/4 augmented view\(s\) per training image/);
  });

  it('without a backbone, trains on the image itself and says so', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [6, 6, 6, 6] });
    const r = await trainFacet(ctx.db, { facet: 'tema', epochs: 2, augment: true, minPerLabel: 5 }, {
      openEmbedder: async () => {
        throw new Error('no backbone here');
      },
    });
    expect(r.augmentedViews).toBe(0);
    expect(r.notes.map((n) => n.message).join(' ')).toMatch(/augmented views unavailable: no backbone here/);
  });
});

describe('active learning, suspects and similar images through the API', () => {
  it('suggests typical images of unlabelled parts while labels are few, then informative ones', async () => {
    const { ctx, ids, truth } = await learnCatalogue({ perLabel: [30, 30, 30, 30] });
    // Forget all reviews: the facet starts empty.
    ctx.db.prepare('DELETE FROM reviews').run();
    const cold = await api(ctx, 'learn.suggest', { facet: 'tema', limit: 8 });
    expect(cold.mode).toBe('diverse');
    expect(cold.unlabelled).toBe(120);
    expect(new Set(cold.items.map((i) => truth[ids.indexOf(i.imageId)])).size).toBe(4);
    for (const it of cold.items) review(ctx.db, it.imageId, TEMA[truth[ids.indexOf(it.imageId)]]);
    const reviewedNow = () => new Set(ctx.db.prepare('SELECT image_id FROM reviews').pluck().all());
    // Still few labels: typical images again, none of them reviewed already.
    const early = await api(ctx, 'learn.suggest', { facet: 'tema', limit: 5 });
    expect(early.mode).toBe('diverse');
    for (const it of early.items) expect(reviewedNow().has(it.imageId)).toBe(false);
    // TYPICAL_UNTIL (100) labels: now what the committee is least sure of.
    for (let c = 0; c < 4; c++) ids.filter((_, i) => truth[i] === c).slice(0, 25).forEach((id) => review(ctx.db, id, TEMA[c]));
    expect(reviewedNow().size).toBeGreaterThanOrEqual(100);
    const warm = await api(ctx, 'learn.suggest', { facet: 'tema', limit: 5 });
    expect(warm.mode).toBe('informative');
    expect(warm.items).toHaveLength(5);
    for (const it of warm.items) {
      expect(reviewedNow().has(it.imageId)).toBe(false);
      expect(it.score).not.toBeNull();
    }
  });

  it('lists planted label errors as suspects', async () => {
    const { ctx, ids, truth } = await learnCatalogue({ perLabel: [12, 12, 12, 12], noise: 0.8 });
    const planted = [ids[2], ids[15], ids[30]];
    for (const id of planted) review(ctx.db, id, TEMA[(truth[ids.indexOf(id)] + 2) % 4]);
    const r = await api(ctx, 'learn.suspects', { facet: 'tema' });
    expect(r.checked).toBe(48);
    const found = r.items.map((s) => s.imageId);
    expect(planted.every((id) => found.includes(id))).toBe(true);
    expect(found.length).toBeLessThanOrEqual(5);
    const s = r.items.find((x) => x.imageId === planted[0])!;
    expect(s.predicted).toBe(TEMA[truth[2]]);
    // Names to show beside the keys: "Arsitektur", not "arsitektur".
    const name = (key: string) => key[0].toUpperCase() + key.slice(1);
    expect(s).toMatchObject({ givenName: name(s.given), predictedName: name(s.predicted) });
  });

  it('finds the nearest images by embedding, optionally only unreviewed ones', async () => {
    const { ctx, ids, truth } = await learnCatalogue({ perLabel: [8, 8, 8, 8], noise: 0.5 });
    const r = await api(ctx, 'learn.similar', { imageId: ids[0], limit: 5 });
    expect(r.items).toHaveLength(5);
    expect(r.items.every((i) => truth[ids.indexOf(i.imageId)] === truth[0])).toBe(true);
    expect(r.items.map((i) => i.imageId)).not.toContain(ids[0]);
    ctx.db.prepare('DELETE FROM reviews WHERE image_id IN (?, ?)').run(ids[6], ids[7]);
    const open = await api(ctx, 'learn.similar', { imageId: ids[0], facet: 'tema', onlyUnreviewed: true });
    expect(open.items.map((i) => i.imageId).sort()).toEqual([ids[6], ids[7]].sort());
  });
});
