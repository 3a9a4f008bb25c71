import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../../electron/core/app/context.js';
import { getActiveModel } from '../../../electron/core/models/store.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { EARLIER_BACKBONE } from '../../helpers/embeddings.js';
import { tempDir } from '../../helpers/temp.js';
import { api, learnCatalogue, review, TEMA } from '../learn/catalogue.js';

const PER_LABEL = 8;
const TIMEOUT_MS = 180_000;

/** A new "tema" facet: 8 unreviewed images per theme with features (clustered stand-ins), no model, a validator set. */
async function newFacet(): Promise<{ ctx: AppContext; byLabel: number[][] }> {
  const { ctx, ids, truth } = await learnCatalogue({ perLabel: TEMA.map(() => PER_LABEL), noise: 1, seed: 11, reviewed: false });
  await api(ctx, 'settings.set', { validator: 'Sari' });
  return { ctx, byLabel: TEMA.map((_, k) => ids.filter((_, i) => truth[i] === k)) };
}

const label = (ctx: AppContext, ids: number[], theme: string) => api(ctx, 'review.decide', { facet: 'tema', ids, action: 'label', label: theme });
const trainJobs = (ctx: AppContext) => ctx.jobs.list().filter((j) => j.kind === 'train');

async function until(ctx: AppContext, done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out; jobs: ${JSON.stringify(ctx.jobs.list().map((j) => [j.title, j.state, j.message]))}`);
}

describe('first model of a new facet', () => {
  it('trains, activates and predicts the rest by itself once every label has 5 reviewed examples, and not before', async () => {
    const { ctx, byLabel } = await newFacet();
    let status = await api(ctx, 'learn.firstModel', { facet: 'tema' });
    expect(status).toMatchObject({ facet: 'tema', hasModel: false, minPerLabel: 5, ready: false, phase: 'idle', jobId: null, lastError: null });
    expect(status.labels.map((l) => [l.key, l.reviewed])).toEqual(TEMA.map((t) => [t, 0]));

    // Four of each, then the fifth of three themes: not yet.
    for (const [k, theme] of TEMA.entries()) await label(ctx, byLabel[k].slice(0, 4), theme);
    for (const [k, theme] of TEMA.slice(0, 3).entries()) await label(ctx, [byLabel[k][4]], theme);
    status = await api(ctx, 'learn.firstModel', { facet: 'tema' });
    expect(status.labels.map((l) => l.reviewed)).toEqual([5, 5, 5, 4]);
    expect(status).toMatchObject({ ready: false, phase: 'idle' });
    expect(trainJobs(ctx)).toEqual([]);

    // The fifth flora: the first model starts.
    await label(ctx, [byLabel[3][4]], 'flora');
    status = await api(ctx, 'learn.firstModel', { facet: 'tema' });
    expect(status).toMatchObject({ ready: true, phase: 'training' });
    expect(trainJobs(ctx)).toEqual([expect.objectContaining({ id: status.jobId, title: 'First model for tema' })]);

    await until(ctx, async () => (await api(ctx, 'learn.firstModel', { facet: 'tema' })).phase === 'idle');
    status = await api(ctx, 'learn.firstModel', { facet: 'tema' });
    expect(status).toMatchObject({ hasModel: true, lastError: null });
    const active = getActiveModel(ctx.db, 'tema');
    expect(active).toMatchObject({ version: 'tema-v1', source: 'trained' });
    // Every image nobody labelled (3 per theme) now has a prediction of that model.
    const unreviewed = byLabel.flatMap((ids) => ids.slice(5));
    const predicted = ctx.db.prepare('SELECT image_id FROM predictions WHERE model_id = ?').pluck().all(active!.id) as number[];
    expect(new Set(predicted)).toEqual(new Set(byLabel.flat()));
    const grid = await api(ctx, 'review.query', { facet: 'tema', filter: { statuses: ['predicted'] }, offset: 0, limit: 100 });
    expect(grid.items.map((it) => it.id).sort((a, b) => a - b)).toEqual(unreviewed.sort((a, b) => a - b));

    // With a model, labelling more starts nothing.
    await label(ctx, [byLabel[0][5]], 'arsitektur');
    expect(trainJobs(ctx)).toHaveLength(1);
  }, TIMEOUT_MS);

  it('after a failed or cancelled run waits for more labels before trying again', async () => {
    const { ctx, byLabel } = await newFacet();
    for (const [k, theme] of TEMA.entries()) await label(ctx, byLabel[k].slice(0, 5), theme);
    const first = await api(ctx, 'learn.firstModel', { facet: 'tema' });
    expect(first.phase).toBe('training');
    await api(ctx, 'jobs.cancel', { id: first.jobId! });
    await until(ctx, async () => (await api(ctx, 'learn.firstModel', { facet: 'tema' })).phase === 'idle');
    const after = await api(ctx, 'learn.firstModel', { facet: 'tema' });
    expect(after).toMatchObject({ hasModel: false, phase: 'idle', lastError: expect.stringMatching(/cancel/i) });
    expect(getActiveModel(ctx.db, 'tema')).toBeNull();

    // One more label is not enough to try again; one more per theme is.
    await label(ctx, [byLabel[0][5]], 'arsitektur');
    expect(trainJobs(ctx)).toHaveLength(1);
    for (const [k, theme] of TEMA.slice(1).entries()) await label(ctx, [byLabel[k + 1][5]], theme);
    expect(trainJobs(ctx)).toHaveLength(2);
    expect((await api(ctx, 'learn.firstModel', { facet: 'tema' })).phase).toBe('training');
    await until(ctx, async () => (await api(ctx, 'learn.firstModel', { facet: 'tema' })).phase === 'idle');
    expect(getActiveModel(ctx.db, 'tema')?.version).toBe('tema-v1');
  }, TIMEOUT_MS);

  it('leaves a facet with a shipped model alone', async () => {
    const { ctx } = await newFacet();
    const ids = ctx.db.prepare('SELECT id FROM images ORDER BY id LIMIT 24').pluck().all() as number[];
    for (const [k, motif] of ['kawung', 'megamendung', 'parang', 'truntum'].entries()) {
      await api(ctx, 'review.decide', { facet: 'motif', ids: ids.slice(k * 6, k * 6 + 6), action: 'label', label: motif });
    }
    expect(await api(ctx, 'learn.firstModel', { facet: 'motif' })).toMatchObject({ hasModel: true, ready: true, phase: 'idle' });
    expect(trainJobs(ctx)).toEqual([]);
  }, TIMEOUT_MS);

  it('leaves a facet alone that has versions, even only ones of an earlier release it cannot run', async () => {
    const { ctx, byLabel } = await newFacet();
    const facetId = ctx.db.prepare("SELECT id FROM facets WHERE key = 'tema'").pluck().get() as number;
    ctx.db
      .prepare(
        `INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at)
         VALUES (?, 'tema-lama', 'trained', ?, '[]', '{}', '{}', x'00', 1, ?)`,
      )
      .run(facetId, EARLIER_BACKBONE, new Date().toISOString());
    for (const [k, theme] of TEMA.entries()) await label(ctx, byLabel[k].slice(0, 5), theme);
    expect(await api(ctx, 'learn.firstModel', { facet: 'tema' })).toMatchObject({ hasModel: true, ready: true, phase: 'idle' });
    expect(trainJobs(ctx)).toEqual([]);
  }, TIMEOUT_MS);

  it('trains now when asked (learn.startFirstModel), or says why it cannot', async () => {
    const { ctx, byLabel } = await newFacet();
    // A photo imported but never classified has no features: counted apart, so the banner can say what to do.
    expect((await api(ctx, 'learn.firstModel', { facet: 'tema' })).imagesWithoutFeatures).toBe(0);
    const root = tempDir('canting-first-extra-');
    await writeJpeg(path.join(root, 'new.jpg'), 999, 16);
    await insertImages(ctx.db, root, ['new.jpg']);
    expect((await api(ctx, 'learn.firstModel', { facet: 'tema' })).imagesWithoutFeatures).toBe(1);
    for (const [k, theme] of TEMA.entries()) await label(ctx, byLabel[k].slice(0, k === 3 ? 3 : 5), theme);
    await expect(api(ctx, 'learn.startFirstModel', { facet: 'tema' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Facet "tema" is not ready for its first model: every label needs 5 reviewed examples; "Flora" has 3 of 5',
    });
    // Ready without a labelling decision in this process (rows written straight to the catalogue, as another process would).
    for (const id of byLabel[3].slice(3, 5)) review(ctx.db, id, 'flora', 'Budi');
    expect(await api(ctx, 'learn.firstModel', { facet: 'tema' })).toMatchObject({ ready: true, phase: 'idle' });
    const started = await api(ctx, 'learn.startFirstModel', { facet: 'tema' });
    expect(started).toMatchObject({ phase: 'training', jobId: expect.any(String) });
    await until(ctx, async () => (await api(ctx, 'learn.firstModel', { facet: 'tema' })).phase === 'idle');
    expect(getActiveModel(ctx.db, 'tema')?.version).toBe('tema-v1');
    await expect(api(ctx, 'learn.startFirstModel', { facet: 'tema' })).rejects.toMatchObject({ code: 'conflict', message: /already has model versions/ });
  }, TIMEOUT_MS);
});
