import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { INCEPTION_V3_MID } from '../../../electron/core/classify/backbones/definitions.js';
import { putEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { pipelineId } from '../../../electron/core/classify/pipeline-setting.js';
import { activateVersion } from '../../../electron/core/learn/activation.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { getActiveModel } from '../../../electron/core/models/store.js';
import { api, learnCatalogue } from '../learn/catalogue.js';
import { gaussianClusters } from '../learn/fixtures.js';

const activations = (ctx: { db: import('better-sqlite3').Database }) =>
  ctx.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'model.activate'").pluck().get() as number;

describe('switching the feature pipeline (workflow)', () => {
  it('gives each facet back its newest version that reads the new pipeline, audited; a preview says so and changes nothing; facets with none are left to retrain', async () => {
    const { ctx, ids } = await learnCatalogue({ perLabel: [8, 8, 8, 8] });
    const mobile = await trainFacet(ctx.db, { facet: 'tema', epochs: 10, seed: 1 });
    activateVersion(ctx.db, ctx.db.prepare('SELECT id FROM models WHERE version = ?').pluck().get(mobile.version.version) as number);

    // InceptionV3 mid-level features for the same images, then a tema head trained on them
    const c = gaussianClusters({ k: 4, perCluster: [8, 8, 8, 8], dim: INCEPTION_V3_MID.dim, spread: 3, noise: 1, seed: 3 });
    putEmbeddings(ctx.db, INCEPTION_V3_MID.id, ids.map((imageId, i) => ({ imageId, vector: c.vectors[i] })));
    const first = await api(ctx, 'pipelines.use', { id: INCEPTION_V3_MID.id });
    // motif gets the head shipped for InceptionV3 mid-level; nothing of tema reads it yet, so tema must be retrained
    expect(first.activated).toEqual([{ facet: 'motif', version: 'motif-irina4-inceptionv3-mid-level-v1', replaces: 'motif-irina4-v3' }]);
    expect(first.toRetrain).toContainEqual({ facet: 'tema', version: mobile.version.version });
    const inception = await trainFacet(ctx.db, { facet: 'tema', epochs: 10, seed: 1 });
    activateVersion(ctx.db, ctx.db.prepare('SELECT id FROM models WHERE version = ?').pluck().get(inception.version.version) as number);

    // back to MobileNetV2: a preview names the version it would bring back and changes nothing
    const before = activations(ctx);
    const preview = await api(ctx, 'pipelines.use', { id: BACKBONE_ID, dryRun: true });
    expect(preview.activated).toContainEqual({ facet: 'tema', version: mobile.version.version, replaces: inception.version.version });
    expect(preview.toRetrain.map((h) => h.facet)).not.toContain('tema');
    expect(pipelineId(ctx.db)).toBe(INCEPTION_V3_MID.id);
    expect(getActiveModel(ctx.db, 'tema')!.version).toBe(inception.version.version);
    expect(activations(ctx)).toBe(before);

    // the switch itself: tema classifies again at once with its MobileNetV2 version, and the history records it
    const back = await api(ctx, 'pipelines.use', { id: BACKBONE_ID });
    expect(back.activated).toContainEqual({ facet: 'tema', version: mobile.version.version, replaces: inception.version.version });
    expect(getActiveModel(ctx.db, 'tema')!.version).toBe(mobile.version.version);
    expect(activations(ctx)).toBeGreaterThan(before);

    // and forth again: the InceptionV3 version comes back
    const forth = await api(ctx, 'pipelines.use', { id: INCEPTION_V3_MID.id });
    expect(forth.activated).toContainEqual({ facet: 'tema', version: inception.version.version, replaces: mobile.version.version });
    expect(getActiveModel(ctx.db, 'tema')!.version).toBe(inception.version.version);

    // rolling back to the MobileNetV2 version would leave tema unable to classify: refused, saying the way back
    const rollback = await dispatch('registry.rollback', { facet: 'tema' }, ctx);
    expect(rollback).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'rollbackOtherPipeline', params: { version: mobile.version.version, needs: 'MobileNetV2', pipeline: 'InceptionV3 mid-level' } } });
    expect(getActiveModel(ctx.db, 'tema')!.version).toBe(inception.version.version);
  }, 60_000);
});
