import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { INCEPTION_V3_MID, MOBILENET_V2 } from '../../../electron/core/classify/backbones/definitions.js';
import { DEFAULT_BACKBONE_ID, newCataloguePipeline } from '../../../electron/core/classify/backbones/default.js';
import { pipelineId, PIPELINE_KEY } from '../../../electron/core/classify/pipeline-setting.js';
import { evaluateFolder, headForEval } from '../../../electron/core/classify/evaluate.js';
import { MODELS_DIR } from '../../../electron/core/app/paths.js';
import { getActiveModel } from '../../../electron/core/models/store.js';
import { api } from '../learn/catalogue.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { waitForJob } from '../../helpers/jobs.js';
import { tempContext, tempDir } from '../../helpers/temp.js';

/**
 * The product's default, which the rest of the suite pins away from
 * (vitest.config.ts sets CANTING_NEW_CATALOGUE_PIPELINE to MobileNetV2 for speed).
 */
const PIN = 'CANTING_NEW_CATALOGUE_PIPELINE';
let pinned: string | undefined;
beforeAll(() => {
  pinned = process.env[PIN];
  delete process.env[PIN];
});
afterAll(() => {
  if (pinned !== undefined) process.env[PIN] = pinned;
});

describe('the pipeline of a new catalogue', () => {
  it('is the accurate default, InceptionV3 mid-level, with the head shipped for it active; it classifies photos', async () => {
    expect(DEFAULT_BACKBONE_ID).toBe(INCEPTION_V3_MID.id);
    const ctx = await tempContext();
    expect(pipelineId(ctx.db)).toBe(INCEPTION_V3_MID.id);
    const motif = getActiveModel(ctx.db, 'motif')!;
    expect(motif.backbone).toBe(INCEPTION_V3_MID.id);
    // MobileNetV2's shipped head is registered too, for a switch to the fast pipeline
    expect((await api(ctx, 'registry.versions', { facet: 'motif' })).map((v) => v.version)).toContain('motif-irina4-v3');

    const root = tempDir('canting-default-');
    const rels = [];
    for (let i = 0; i < 3; i++) rels.push(path.basename(await writeJpeg(path.join(root, `p${i}.jpg`), i + 1, 96)));
    await insertImages(ctx.db, root, rels);
    const done = await waitForJob(ctx, (await api(ctx, 'classify.start', { facet: 'motif' })).jobId);
    expect(done.state).toBe('done');
    const rows = ctx.db.prepare('SELECT m.version FROM predictions p JOIN models m ON m.id = p.model_id').pluck().all();
    expect(rows).toEqual([motif.version, motif.version, motif.version]);
  }, 120_000);

  it('is recorded when the catalogue is made: an earlier catalogue (none recorded) keeps MobileNetV2 and its head', async () => {
    const ctx = await tempContext();
    ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(PIPELINE_KEY);
    ctx.db.prepare("UPDATE models SET active = 0 WHERE backbone != ?").run(MOBILENET_V2.id);
    ctx.db.prepare("UPDATE models SET active = 1 WHERE version = 'motif-irina4-v3'").run();
    const file = ctx.cataloguePath;
    await closeAppContext(ctx);
    const again = await createAppContext(file);
    try {
      expect(pipelineId(again.db)).toBe(MOBILENET_V2.id);
      expect(getActiveModel(again.db, 'motif')!.version).toBe('motif-irina4-v3');
    } finally {
      await closeAppContext(again);
    }
  });

  it('is what canting eval uses without a catalogue: the shipped head of the default pipeline, on real pixels', async () => {
    const head = await headForEval('motif', { modelsDir: MODELS_DIR });
    expect(head.manifest.backbone).toBe(INCEPTION_V3_MID.id);
    // a pinned pipeline gets its own shipped head
    process.env[PIN] = MOBILENET_V2.id;
    try {
      expect((await headForEval('motif', { modelsDir: MODELS_DIR })).manifest.version).toBe('motif-irina4-v3');
    } finally {
      delete process.env[PIN];
    }
    const data = tempDir('canting-eval-');
    for (const [i, label] of ['kawung', 'parang'].entries()) await writeJpeg(path.join(data, label, `p${i}.jpg`), i + 1, 96);
    const r = await evaluateFolder(head, data, { workers: 1 });
    expect([r.images, r.modelVersion, r.failed.length]).toEqual([2, 'motif-irina4-inceptionv3-mid-level-v1', 0]);
    expect(r.labels).toEqual(['kawung', 'megamendung', 'parang', 'truntum']);
  }, 120_000);

  it('can be pinned by CANTING_NEW_CATALOGUE_PIPELINE, which must name a pipeline of this release', () => {
    expect(newCataloguePipeline({ [PIN]: MOBILENET_V2.id })).toBe(MOBILENET_V2.id);
    expect(newCataloguePipeline({})).toBe(DEFAULT_BACKBONE_ID);
    expect(() => newCataloguePipeline({ [PIN]: 'resnet' })).toThrow(/names no pipeline of this release: "resnet"/);
  });
});
