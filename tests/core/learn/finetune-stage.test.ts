import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings, putEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { loadFrozenTop } from '../../../electron/core/classify/backbone.js';
import { EnginePool } from '../../../electron/core/classify/pool.js';
import { buildReport } from '../../../electron/core/learn/report.js';
import { activateVersion } from '../../../electron/core/learn/activation.js';
import { compareVersions } from '../../../electron/core/learn/comparison.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { getModel, getModelArtifacts } from '../../../electron/core/models/store.js';
import { seededRandom } from '../../../electron/core/random.js';
import { insertImages } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { review, TEMA } from './catalogue.js';

/**
 * A training run with fine-tuning, end to end on the real backbone (wasm):
 * photos of four kinds (a colour each, with noise), embedded as the classify
 * job would, validated; then `trainFacet` with fineTune, the new version's
 * top block and embeddings, classifying a new photo with it, comparing it
 * with the head-only version and its report.
 */
async function photo(file: string, label: number, seed: number): Promise<void> {
  const rand = seededRandom(seed);
  const colours = [
    [200, 60, 40],
    [40, 160, 60],
    [50, 70, 200],
    [220, 200, 60],
  ];
  const px = Buffer.alloc(48 * 48 * 3);
  for (let i = 0; i < 48 * 48; i++) for (let c = 0; c < 3; c++) px[i * 3 + c] = Math.max(0, Math.min(255, colours[label][c] + (rand() - 0.5) * 120));
  await sharp(px, { raw: { width: 48, height: 48, channels: 3 } }).jpeg().toFile(file);
}

const openEmbedder = async (output?: 'top-input') => {
  const pool = await EnginePool.start({ workers: 1, prefer: 'wasm', output });
  return { embed: (px: Float32Array, n: number) => pool.embedPixels(px, n), close: () => pool.close() };
};

/** A catalogue of n photos (kinds in turn), embedded by the real backbone and validated. */
async function photoCatalogue(n: number) {
    const ctx = await tempContext();
    const root = tempDir();
    const rels: string[] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      rels.push(`p${i}.jpg`);
      labels.push(i % 4);
      await photo(path.join(root, rels[i]), i % 4, i + 1);
    }
    const ids = await insertImages(ctx.db, root, rels);
    const pool = await EnginePool.start({ workers: 1, prefer: 'wasm' });
    try {
      const r = await pool.embedFiles(ids.map((id, i) => ({ key: id, path: path.join(root, rels[i]) })));
      putEmbeddings(ctx.db, BACKBONE_ID, [...r.vectors].map(([imageId, vector]) => ({ imageId, vector })));
    } finally {
      await pool.close();
    }
    ids.forEach((id, i) => review(ctx.db, id, TEMA[labels[i]]));

  return { ctx, root, ids };
}

describe('training with fine-tuning', () => {
  it('registers a version with its own top block and embeddings, which classifies, compares and reports', async () => {
    const { ctx, root } = await photoCatalogue(28);
    const headOnly = await trainFacet(ctx.db, { facet: 'tema', epochs: 20, augment: false, minPerLabel: 5 }, { openEmbedder });
    expect(headOnly.fineTuned).toBe(false);
    const fineTuneLogs: number[] = [];
    // These photos are too easy for fine-tuning to improve on the head (then nothing is kept: see
    // finetune.test.ts), so the stage starts from a damaged top block (every other output channel's weights
    // halved) that it has to repair: the kept-version path end to end.
    const own = await loadFrozenTop();
    const damaged = { kernel: own.kernel.map((w, i) => (i % 2 === 0 ? w * 0.5 : w)), bias: own.bias.slice() };
    const tuned = await trainFacet(
      ctx.db,
      { facet: 'tema', epochs: 20, augment: false, fineTune: true, minPerLabel: 5 },
      { openEmbedder, onFineTuneEpoch: (l) => fineTuneLogs.push(l.epoch), fineTuneStartTop: damaged },
    );
    expect(tuned.fineTuned).toBe(true);
    expect(tuned.version.fineTuned).toBe(true);
    expect(headOnly.version.fineTuned).toBe(false);
    expect(fineTuneLogs[0]).toBe(0);
    expect(fineTuneLogs.length).toBeGreaterThan(1);

    const model = getModel(ctx.db, tuned.version.id);
    expect(model.backbone).toMatch(/\+top-[0-9a-f]{16}$/);
    expect(getModelArtifacts(ctx.db, model.id).backboneTop?.length).toBe(320 * 1280 * 4 + 1280 * 4);
    expect(String(model.manifest.training.notes)).toMatch(/top block \(Conv_1\) fine-tuned with it: .*, on (wasm|tensorflow|cpu)[^;]*;/);
    // every training image has an embedding under the fine-tuned backbone, the frozen ones are untouched
    expect(countEmbeddings(ctx.db, model.backbone, 0)).toBe(28);
    expect(countEmbeddings(ctx.db, BACKBONE_ID, 0)).toBe(28);

    // the two versions compare on the same held-out images, each through its own backbone
    const cmp = await compareVersions(ctx.db, headOnly.version.id, tuned.version.id);
    expect(cmp.items).toBeGreaterThan(0);
    expect(cmp.b.accuracy).toBeGreaterThan(0.5);
    expect(await buildReport(ctx.db, tuned.version.id, { language: 'en' })).toContain(tuned.version.version);

    // classifying a new photo with the fine-tuned version computes and caches its features under that backbone
    activateVersion(ctx.db, tuned.version.id);
    await photo(path.join(root, 'new.jpg'), 2, 99);
    const [newId] = await insertImages(ctx.db, root, ['new.jpg']);
    const job = await startClassify(ctx, { facet: 'tema', imageIds: [newId] }, { workers: 1, prefer: 'wasm' });
    const result = await job.done;
    expect(result).toMatchObject({ classified: 1, fromCache: 0, failed: 0, modelVersion: tuned.version.version });
    expect(countEmbeddings(ctx.db, model.backbone, 0)).toBe(29);
    expect(countEmbeddings(ctx.db, BACKBONE_ID, 0)).toBe(28);
    const top = ctx.db.prepare('SELECT l.key FROM predictions p JOIN labels l ON l.id = p.label_id WHERE p.image_id = ? AND p.model_id = ?').pluck().get(newId, model.id);
    expect(top).toBe('fauna');
  }, 180_000);

  it('trains the head only, and says why, when the images are more than fine-tuning holds in memory', async () => {
    const { ctx } = await photoCatalogue(20);
    const r = await trainFacet(ctx.db, { facet: 'tema', epochs: 5, augment: false, fineTune: true, minPerLabel: 5 }, { openEmbedder, fineTuneMaxInputs: 12 });
    expect(r.fineTuned).toBe(false);
    expect(r.notes.map((n) => n.message).join(' ')).toContain('fine-tuning skipped: 20 reviewed images are more than the 12 whose block-16 maps it holds in memory (~1 MB); the head-only model was registered');
    expect(getModel(ctx.db, r.version.id).backbone).toBe(BACKBONE_ID);
  }, 120_000);

  it('trains the head only, and says why, when an image has gone from disk since it was classified', async () => {
    const { ctx, root } = await photoCatalogue(20);
    fs.rmSync(path.join(root, 'p7.jpg'));
    const r = await trainFacet(ctx.db, { facet: 'tema', epochs: 5, augment: false, fineTune: true, minPerLabel: 4 }, { openEmbedder });
    expect(r.fineTuned).toBe(false);
    expect(r.notes.map((n) => n.message).join(' ')).toMatch(/fine-tuning skipped: 1 image\(s\) could not be read now \(.*p7\.jpg: .*\); the head-only model was registered/);
    expect(getModel(ctx.db, r.version.id).backbone).toBe(BACKBONE_ID);
  }, 120_000);

  it('cancelled while fine-tuning, leaves the registry and the embedding cache as they were', async () => {
    const { ctx } = await photoCatalogue(20);
    const controller = new AbortController();
    const epochs: number[] = [];
    const before = ctx.db.prepare('SELECT COUNT(*) FROM models').pluck().get();
    const embeddings = ctx.db.prepare('SELECT COUNT(*) FROM embeddings').pluck().get();
    const run = trainFacet(ctx.db, { facet: 'tema', epochs: 20, augment: false, fineTune: true, minPerLabel: 5 }, { openEmbedder, signal: controller.signal, onFineTuneEpoch: (l) => {
      epochs.push(l.epoch);
      controller.abort();
    } });
    await expect(run).rejects.toThrow('Training cancelled; the model registry is unchanged');
    expect(epochs).toEqual([0]); // the fine-tuning thread stopped within its first epoch
    expect(ctx.db.prepare('SELECT COUNT(*) FROM models').pluck().get()).toBe(before);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM embeddings').pluck().get()).toBe(embeddings);
  }, 120_000);
});
