import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../electron/common/contract/index.js';
import type { Caller } from '../../../electron/core/api/caller.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { INCEPTION_V3 } from '../../../electron/core/classify/backbones/definitions.js';
import { putEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { recordPipelineCost } from '../../../electron/core/classify/pipeline-cost.js';
import { pipelineId, pipelineOfBackbone } from '../../../electron/core/classify/pipeline-setting.js';
import { activateVersion } from '../../../electron/core/learn/activation.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { api, learnCatalogue } from '../learn/catalogue.js';
import { gaussianClusters } from '../learn/fixtures.js';
import { waitForJob } from '../../helpers/jobs.js';

const as = (role: Role): Caller => ({ kind: 'user', user: { id: 1, username: role, displayName: role, role } });
const predictions = (ctx: { db: import('better-sqlite3').Database }) => ctx.db.prepare('SELECT COUNT(*) FROM predictions').pluck().get() as number;

describe('the catalogue’s feature pipeline', () => {
  it('is the pipeline the catalogue recorded when it was made (the suite pins MobileNetV2), and lists every pipeline with its measured accuracy and where it comes from', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    const list = await api(ctx, 'pipelines.list', {});
    expect(list.active).toBe(BACKBONE_ID);
    expect(list.source).toContain('MODEL_CARD.md');
    expect(list.pipelines.map((p) => [p.name, p.blockCvAccuracy, p.active, p.isDefault, p.fineTune])).toEqual([
      ['MobileNetV2', 0.719, true, false, true],
      ['MobileNetV2 ×5 views', 0.779, false, false, false],
      ['MobileNetV2 mid-level', 0.857, false, false, false],
      ['InceptionV3', 0.838, false, false, false],
      ['InceptionV3 mid-level', 0.889, false, true, false],
    ]);
    // 8 images with MobileNetV2 features, none with InceptionV3's; no speed measured here yet, so no time is invented
    expect(list.pipelines.map((p) => [p.withoutFeatures, p.measured, p.estimatedSeconds])).toEqual([
      [0, null, null],
      [8, null, null],
      [8, null, null],
      [8, null, null],
      [8, null, null],
    ]);
    // the bundled motif head reads MobileNetV2's features
    expect(list.heads).toContainEqual(expect.objectContaining({ facet: 'motif', matches: true, pipeline: BACKBONE_ID }));
  });

  it('switches to InceptionV3: says what to compute and retrain, keeps the old embeddings, and classifying with the old head is refused', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    // a real classify run measured InceptionV3 here at 0.5 images/s: 8 images take about 16 s
    recordPipelineCost(ctx.db, INCEPTION_V3.id, { images: 10, seconds: 20, workers: 2, backend: 'wasm' });
    const switched = await api(ctx, 'pipelines.use', { id: INCEPTION_V3.id });
    expect(switched).toMatchObject({ pipeline: INCEPTION_V3.id, previous: BACKBONE_ID, changed: true, toCompute: 8, estimatedSeconds: 16, keptVectors: 8 });
    expect(switched.toRetrain).toContainEqual({ facet: 'motif', version: expect.any(String) });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM embeddings WHERE backbone = ?').pluck().get(BACKBONE_ID)).toBe(8);

    const refused = await dispatch('classify.start', { facet: 'motif' }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'pipelineMismatch', params: { facet: 'motif', head: 'MobileNetV2', pipeline: 'InceptionV3' } } });
    expect(!refused.ok && refused.error.message).toContain('Nothing was classified');
    expect(ctx.jobs.list()).toEqual([]);
    expect(predictions(ctx)).toBe(0);
    expect((await api(ctx, 'pipelines.list', {})).heads).toContainEqual(expect.objectContaining({ facet: 'motif', matches: false }));
    // the Classify screen is told why, and offers nothing to classify
    expect((await api(ctx, 'classify.status', { facet: 'motif' })).unavailable).toMatch(/was trained on MobileNetV2 features, but this catalogue now uses the InceptionV3 pipeline/);

    // switching back makes the old head usable again, nothing recomputed
    const back = await api(ctx, 'pipelines.use', { id: BACKBONE_ID });
    expect(back).toMatchObject({ changed: true, toCompute: 0, toRetrain: [] });
    expect((await api(ctx, 'classify.status', { facet: 'motif' })).unavailable).toBeNull();
    expect((await api(ctx, 'pipelines.use', { id: BACKBONE_ID })).changed).toBe(false);
  });

  it('refuses an unknown pipeline and any switch while a job runs, changing nothing', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    const unknown = await dispatch('pipelines.use', { id: 'resnet50' }, ctx);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'pipelineUnknown', params: { id: 'resnet50' } } });
    expect(!unknown.ok && unknown.error.message).toContain(INCEPTION_V3.id);

    let finish!: () => void;
    // A job that runs until the test ends it (it ends failed: its result does not matter here).
    const job = ctx.jobs.start('export', 'Export CSV', () => new Promise<never>((_resolve, reject) => (finish = () => reject(new Error('ended by the test')))));
    const busy = await dispatch('pipelines.use', { id: INCEPTION_V3.id }, ctx);
    expect(busy).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'pipelineBusy', params: { job: 'Export CSV' } } });
    expect(pipelineId(ctx.db)).toBe(BACKBONE_ID);
    finish();
    await waitForJob(ctx, job.id);
    expect((await api(ctx, 'pipelines.use', { id: INCEPTION_V3.id })).changed).toBe(true);
  });

  it('is read by everyone in a team catalogue but switched only by an admin', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    expect((await dispatch('pipelines.list', {}, ctx, as('viewer'))).ok).toBe(true);
    for (const role of ['viewer', 'validator', 'expert', 'archivist'] as const) {
      expect(await dispatch('pipelines.use', { id: INCEPTION_V3.id }, ctx, as(role))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(pipelineId(ctx.db)).toBe(BACKBONE_ID);
    expect((await dispatch('pipelines.use', { id: INCEPTION_V3.id }, ctx, as('admin'))).ok).toBe(true);
  });

  it('trains a head only on InceptionV3’s features (no fine-tuning, no augmented views, and says so), which then classifies from cached features', async () => {
    const { ctx, ids } = await learnCatalogue({ perLabel: [8, 8, 8, 8] });
    // InceptionV3-width features standing in for the backbone's, clustered by label as the MobileNetV2 ones are
    const c = gaussianClusters({ k: 4, perCluster: [8, 8, 8, 8], dim: INCEPTION_V3.dim, spread: 3, noise: 1, seed: 3 });
    putEmbeddings(ctx.db, INCEPTION_V3.id, ids.map((imageId, i) => ({ imageId, vector: c.vectors[i] })));
    await api(ctx, 'pipelines.use', { id: INCEPTION_V3.id });

    const result = await trainFacet(ctx.db, { facet: 'tema', epochs: 15, augment: true, fineTune: true, seed: 1 });
    expect(result.fineTuned).toBe(false);
    expect(result.augmentedViews).toBe(0);
    expect(result.notes).toContainEqual(expect.objectContaining({ messageKey: 'pipelineHeadOnly', params: { pipeline: 'InceptionV3' } }));
    const row = ctx.db.prepare('SELECT id, backbone FROM models WHERE version = ?').get(result.version.version) as { id: number; backbone: string };
    expect(row.backbone).toBe(INCEPTION_V3.id);

    activateVersion(ctx.db, row.id);
    const started = await api(ctx, 'classify.start', { facet: 'tema' });
    const done = await waitForJob(ctx, started.jobId);
    expect(done.state).toBe('done');
    expect(predictions(ctx)).toBe(32);
  }, 60_000);

  it('previews a switch (dryRun) with what it would compute, how long at the speed measured here, and what to retrain, changing nothing', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    const events: string[] = [];
    ctx.events.subscribe((e) => e.type === 'catalogue-changed' && events.push(e.reason));
    // never measured here: no time is invented
    const unmeasured = await api(ctx, 'pipelines.use', { id: INCEPTION_V3.id, dryRun: true });
    expect(unmeasured).toMatchObject({ dryRun: true, changed: true, pipeline: INCEPTION_V3.id, previous: BACKBONE_ID, toCompute: 8, estimatedSeconds: null, keptVectors: 8 });
    expect(unmeasured.toRetrain).toContainEqual({ facet: 'motif', version: expect.any(String) });
    recordPipelineCost(ctx.db, INCEPTION_V3.id, { images: 10, seconds: 20, workers: 2, backend: 'wasm' });
    expect(await api(ctx, 'pipelines.use', { id: INCEPTION_V3.id, dryRun: true })).toMatchObject({ estimatedSeconds: 16 });
    // nothing changed: the setting, the heads, and no one was told of a change
    expect(pipelineId(ctx.db)).toBe(BACKBONE_ID);
    expect((await api(ctx, 'pipelines.list', {})).heads).toContainEqual(expect.objectContaining({ facet: 'motif', matches: true }));
    expect(events).toEqual([]);
    // a preview is an admin's as the switch is
    expect(await dispatch('pipelines.use', { id: INCEPTION_V3.id, dryRun: true }, ctx, as('archivist'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('names each version’s pipeline and says whether it is the catalogue’s (versions and models lists)', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    const v3 = <T extends { version: string }>(list: T[]) => list.find((v) => v.version === 'motif-irina4-v3')!;
    const before = await api(ctx, 'registry.versions', { facet: 'motif' });
    expect(v3(before)).toMatchObject({ pipeline: { id: BACKBONE_ID, name: 'MobileNetV2' }, pipelineIsCurrent: true });
    await api(ctx, 'pipelines.use', { id: INCEPTION_V3.id });
    const after = v3(await api(ctx, 'registry.versions', { facet: 'motif' }));
    expect(after).toMatchObject({ pipeline: { id: BACKBONE_ID, name: 'MobileNetV2' }, pipelineIsCurrent: false, runnable: true });
    expect(v3(await api(ctx, 'models.list', { facet: 'motif' }))).toMatchObject({ pipeline: { name: 'MobileNetV2' }, pipelineIsCurrent: false });
    // activating it would leave the facet unable to classify: the check before activation says so
    const check = await api(ctx, 'registry.activationCheck', { id: after.id });
    expect(check).toMatchObject({ pipeline: { needs: 'MobileNetV2', catalogue: 'InceptionV3' }, warnings: expect.arrayContaining(['pipeline']) });
    await api(ctx, 'pipelines.use', { id: BACKBONE_ID });
    expect((await api(ctx, 'registry.activationCheck', { id: after.id })).pipeline).toBeNull();
  });

  it('refuses a switch while a classify job runs (translated, pointing to the app’s own control), and the predictions are all of one pipeline', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    const started = await api(ctx, 'classify.start', { facet: 'motif' });
    const refused = await dispatch('pipelines.use', { id: INCEPTION_V3.id }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'pipelineBusy', params: { job: expect.stringContaining('motif') } } });
    // the command line's words name its command; the app's (both languages) name its button
    expect(!refused.ok && refused.error.message).toContain('canting pipeline use');
    const locale = (l: string) => JSON.parse(fs.readFileSync(path.resolve(`renderer/src/i18n/locales/${l}.json`), 'utf8')) as { apiErrors: Record<string, string>; pipelines: Record<string, string> };
    for (const l of ['id', 'en']) {
      const { apiErrors, pipelines } = locale(l);
      expect(apiErrors.pipelineBusy).toContain('{{job}}');
      expect(apiErrors.pipelineBusy).toContain(pipelines.use);
      expect(apiErrors.pipelineBusy).not.toContain('canting');
      expect(apiErrors.pipelineMismatch).not.toContain('canting');
    }
    expect(pipelineId(ctx.db)).toBe(BACKBONE_ID);

    expect((await waitForJob(ctx, started.jobId)).state).toBe('done');
    expect(predictions(ctx)).toBe(8);
    // every prediction of the catalogue came from heads of one pipeline
    const backbones = ctx.db.prepare('SELECT DISTINCT m.backbone FROM predictions p JOIN models m ON m.id = p.model_id').pluck().all() as string[];
    expect(new Set(backbones.map((b) => pipelineOfBackbone(b)?.id))).toEqual(new Set([BACKBONE_ID]));
    // after the job, the switch goes through, and nothing new is classified with the old head
    expect((await api(ctx, 'pipelines.use', { id: INCEPTION_V3.id })).changed).toBe(true);
    expect((await dispatch('classify.start', { facet: 'motif' }, ctx)).ok).toBe(false);
    expect(predictions(ctx)).toBe(8);
  });
});
