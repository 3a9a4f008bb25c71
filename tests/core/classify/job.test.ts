import fs from 'node:fs';
import { DEFAULT_VERSION } from '../../../electron/core/workflows/train-default.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { activateModel, insertModel } from '../../../electron/core/models/store.js';
import type { EmbedderSource } from '../../../electron/core/classify/embedder.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { fineTunedManifest, headArtifacts, manifestFor, randomTopBytes } from '../models/fixtures.js';

const MOTIF = ['kawung', 'megamendung', 'parang', 'truntum'];

async function catalogueWith(n: number) {
  const ctx = await tempContext();
  const root = tempDir();
  const rel: string[] = [];
  for (let i = 0; i < n; i++) {
    await writeJpeg(path.join(root, `img_${i}.jpg`), 100 + i, 32);
    rel.push(`img_${i}.jpg`);
  }
  const ids = await insertImages(ctx.db, root, rel);
  return { ctx, root, ids };
}

// Real MobileNetV2 work (and child processes): generous on a loaded 2-core machine.
const HEAVY_TIMEOUT_MS = 240_000;

describe('classify job (real MobileNetV2 backbone, tiny images)', () => {
  it('stores top-k predictions, reports per-image errors, and reuses cached embeddings on a second run', async () => {
    const { ctx, root, ids } = await catalogueWith(5);
    fs.writeFileSync(path.join(root, 'img_3.jpg'), Buffer.from('this is not a jpeg')); // corrupt
    fs.rmSync(path.join(root, 'img_4.jpg')); // vanished
    const first = await startClassify(ctx, { facet: 'motif' }, { workers: 1, batchSize: 2 });
    expect(first.model.version).toBe(DEFAULT_VERSION);
    const r1 = await first.done;
    expect(r1).toMatchObject({ total: 5, classified: 3, fromCache: 0, failed: 2 });
    expect(r1.backend).toMatch(/wasm|tensorflow|cpu/);
    expect(r1.errors.map((e) => e.imageId).sort()).toEqual([ids[3], ids[4]]);
    expect(r1.errors.find((e) => e.imageId === ids[4])?.message).toMatch(/missing|no such file/i);

    const rows = ctx.db.prepare('SELECT image_id, confidence, uncertainty, topk FROM predictions ORDER BY image_id').all() as {
      image_id: number;
      confidence: number;
      uncertainty: number;
      topk: string;
    }[];
    expect(rows.map((r) => r.image_id)).toEqual(ids.slice(0, 3));
    for (const r of rows) {
      const topk = JSON.parse(r.topk) as { label: string; p: number }[];
      expect(topk.map((t) => t.label).sort()).toEqual(MOTIF);
      expect(topk[0].p).toBeCloseTo(r.confidence, 5);
      expect(topk.reduce((s, t) => s + t.p, 0)).toBeCloseTo(1, 3);
      expect(r.uncertainty).toBeGreaterThanOrEqual(0);
      expect(r.uncertainty).toBeLessThanOrEqual(1);
    }
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(3);
    const stamps = ctx.db.prepare('SELECT image_id, created_at FROM embeddings ORDER BY image_id').all();
    const job = ctx.db.prepare("SELECT state, progress FROM jobs WHERE kind = 'classify'").get() as { state: string; progress: string };
    expect(job.state).toBe('done');

    // Second run: everything readable comes from the cache; the backbone computes nothing new.
    const second = await startClassify(ctx, { facet: 'motif' }, { workers: 1 });
    const r2 = await second.done;
    expect(r2).toMatchObject({ total: 5, classified: 3, fromCache: 3, failed: 2 });
    expect(ctx.db.prepare('SELECT image_id, created_at FROM embeddings ORDER BY image_id').all()).toEqual(stamps);

    // Resume semantics: nothing left for the active model except the broken files.
    const resumed = await startClassify(ctx, { facet: 'motif', onlyUnpredicted: true }, { workers: 1 });
    expect(resumed.total).toBe(2);
    await resumed.done;

    // A new model version adds predictions and keeps the old ones for comparison, with no backbone work.
    await insertModel(ctx.db, { manifest: manifestFor('motif', MOTIF, { version: 'test-v2' }), artifacts: await headArtifacts(4), source: 'trained', activate: true });
    const r3 = await (await startClassify(ctx, { facet: 'motif', imageIds: ids.slice(0, 2) }, { workers: 1 })).done;
    expect(r3).toMatchObject({ modelVersion: 'test-v2', total: 2, classified: 2, fromCache: 2 });
    const perModel = ctx.db.prepare('SELECT model_id, COUNT(*) AS n FROM predictions GROUP BY model_id ORDER BY model_id').all();
    expect(perModel).toEqual([
      { model_id: first.model.id, n: 3 },
      { model_id: expect.any(Number), n: 2 },
    ]);
  }, HEAVY_TIMEOUT_MS);

  it('says plainly when a facet has no model, when the catalogue is empty, and for unknown images', async () => {
    const ctx = await tempContext();
    await expect(startClassify(ctx, { facet: 'motif' })).rejects.toThrow('The catalogue is empty: import images before classifying');
    await expect(startClassify(ctx, { facet: 'tema' })).rejects.toThrow("no model for tema yet; train one from validators' labels");
    await expect(startClassify(ctx, { facet: 'warna' })).rejects.toThrow(/Unknown facet "warna"/);
    const { ctx: full } = await catalogueWith(1);
    await expect(startClassify(full, { facet: 'motif', imageIds: [999] })).rejects.toThrow(/No image\(s\) with id 999/);
  }, HEAVY_TIMEOUT_MS);

  it('can be cancelled; finished images are kept and a resume does the rest', async () => {
    const { ctx, ids } = await catalogueWith(6);
    const job = await startClassify(ctx, { facet: 'motif' }, { workers: 1, batchSize: 1 });
    const stop = ctx.events.subscribe((e) => {
      if (e.type === 'job' && e.job.id === job.id && e.job.done >= 1) ctx.jobs.cancel(job.id);
    });
    await expect(job.done).rejects.toThrow(/Cancelled/);
    stop();
    const kept = (ctx.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(6);
    expect((ctx.db.prepare("SELECT state FROM jobs WHERE id = ?").get(job.id) as { state: string }).state).toBe('cancelled');
    const rest = await startClassify(ctx, { facet: 'motif', onlyUnpredicted: true }, { workers: 1 });
    expect(rest.total).toBe(6 - kept);
    await rest.done;
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(ids.length);
  }, HEAVY_TIMEOUT_MS);

  it(
    'on a full catalogue disk, fails with a message saying so; a second run with only-unpredicted finishes the rest',
    async () => {
      const { ctx } = await catalogueWith(6);
      // SQLite's page limit stands in for a full disk (writes past it fail with SQLITE_FULL).
      const pages = ctx.db.pragma('page_count', { simple: true }) as number;
      ctx.db.pragma(`max_page_count = ${pages + 1}`);
      const first = await startClassify(ctx, { facet: 'motif' }, { workers: 1, batchSize: 2 });
      await expect(first.done).rejects.toThrow(/full/);
      const kept = (ctx.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n;
      expect(kept).toBeLessThan(6);
      const status = ctx.jobs.list().find((j) => j.id === first.id);
      // How many were kept and how to go on (tests/core/classify/disk-full.test.ts checks it mid-run).
      expect(status).toMatchObject({ state: 'failed', messageKey: 'classifyDiskFull', params: { kept } });
      expect(status?.message).toMatch(/^The disk holding the catalogue is full\. Free some space, then continue with only the unclassified images .*\(\d+ prediction\(s\) of this run kept, nothing lost\)\.$/);

      ctx.db.pragma('max_page_count = 1073741823'); // space freed
      const again = await (await startClassify(ctx, { facet: 'motif', onlyUnpredicted: true }, { workers: 1, batchSize: 2 })).done;
      expect(again.classified).toBe(6 - kept);
      expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(6);
    },
    HEAVY_TIMEOUT_MS,
  );

  it('keeps a fine-tuned version on this machine\'s threads when the server has queue workers (they run only the shipped backbones)', async () => {
    const { ctx, ids } = await catalogueWith(2);
    const top = randomTopBytes(5);
    const tuned = await insertModel(ctx.db, { manifest: fineTunedManifest(top), artifacts: { ...(await headArtifacts(4)), backboneTop: top }, source: 'trained' });
    activateModel(ctx.db, tuned.id);
    const asked: unknown[] = [];
    const remote: EmbedderSource = {
      embedder: (spec) => {
        asked.push(spec);
        throw new Error('a fine-tuned version was sent to the queue');
      },
    };
    const run = await startClassify({ ...ctx, remote }, { facet: 'motif' }, { workers: 1 });
    expect(await run.done).toMatchObject({ total: 2, classified: 2, failed: 0 });
    expect(asked).toEqual([]);
    expect(countEmbeddings(ctx.db, tuned.backbone)).toBe(ids.length);
  }, HEAVY_TIMEOUT_MS);
});
