import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { estimateSeconds, KEPT_RUNS, readPipelineCost, recordPipelineCost } from '../../../electron/core/classify/pipeline-cost.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';

// Real MobileNetV2 work in a worker thread: generous on a loaded 2-core machine.
const HEAVY_TIMEOUT_MS = 240_000;

describe('pipeline cost measured on this machine', () => {
  it('is recorded by a real classify run (images through the engine, workers, backend), not by one served from the cache', async () => {
    const ctx = await tempContext();
    const root = tempDir();
    const rels: string[] = [];
    for (let i = 0; i < 8; i++) rels.push(await writeJpeg(path.join(root, `img_${i}.jpg`), 200 + i, 32).then(() => `img_${i}.jpg`));
    await insertImages(ctx.db, root, rels);
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toBeNull();

    await (await startClassify(ctx, { facet: 'motif' }, { workers: 1, batchSize: 4 })).done;
    const cost = readPipelineCost(ctx.db, BACKBONE_ID)!;
    expect(cost).toMatchObject({ runs: 1, images: 8, workers: 1, backend: expect.stringMatching(/wasm|tensorflow|cpu/) });
    expect(cost.imagesPerSecond).toBeCloseTo(8 / cost.seconds, 1);
    expect(estimateSeconds(cost, 800)).toBe(Math.round(800 / cost.imagesPerSecond));

    // every embedding cached: the head alone ran, which says nothing about the pipeline's speed
    const again = await (await startClassify(ctx, { facet: 'motif' }, { workers: 1 })).done;
    expect(again.fromCache).toBe(8);
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toEqual(cost);
  }, HEAVY_TIMEOUT_MS);

  it('ignores runs too small to measure anything, and a damaged value reads as not measured', async () => {
    const ctx = await tempContext();
    expect(recordPipelineCost(ctx.db, BACKBONE_ID, { images: 3, seconds: 1, workers: 1, backend: 'wasm' })).toBeNull();
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toBeNull();
    ctx.db.prepare("INSERT INTO settings (key, value) VALUES (?, '{not json')").run(`pipelineCost:${BACKBONE_ID}`);
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toBeNull();
    expect(estimateSeconds(null, 100)).toBeNull();
  });

  it('is the median of the recent runs, so one run slowed by a busy machine does not become the estimate; the last run says when', async () => {
    const ctx = await tempContext();
    const at = (day: number) => new Date(Date.UTC(2026, 11, day, 9, 30));
    recordPipelineCost(ctx.db, BACKBONE_ID, { images: 100, seconds: 10, workers: 2, backend: 'wasm' }, at(1)); // 10/s
    recordPipelineCost(ctx.db, BACKBONE_ID, { images: 100, seconds: 50, workers: 2, backend: 'wasm' }, at(2)); // 2/s, under load
    const cost = recordPipelineCost(ctx.db, BACKBONE_ID, { images: 40, seconds: 4, workers: 1, backend: 'wasm (SIMD)' }, at(3))!; // 10/s
    expect(cost).toEqual({ imagesPerSecond: 10, runs: 3, images: 40, seconds: 4, workers: 1, backend: 'wasm (SIMD)', measuredAt: at(3).toISOString() });
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toEqual(cost);
    // an even count: the mean of the middle two
    recordPipelineCost(ctx.db, BACKBONE_ID, { images: 60, seconds: 10, workers: 2, backend: 'wasm' }, at(4)); // 6/s
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toMatchObject({ imagesPerSecond: 8, runs: 4 });
    expect(estimateSeconds(readPipelineCost(ctx.db, BACKBONE_ID), 800)).toBe(100);

    // only the recent runs count: a machine that became faster is followed
    for (let i = 0; i < KEPT_RUNS; i++) recordPipelineCost(ctx.db, BACKBONE_ID, { images: 100, seconds: 2, workers: 2, backend: 'wasm' }, at(10 + i));
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toMatchObject({ imagesPerSecond: 50, runs: KEPT_RUNS });
  });

  it('reads a value an earlier build wrote (the last run only) as one run', async () => {
    const ctx = await tempContext();
    const old = { imagesPerSecond: 0.51, images: 12, seconds: 23.5, workers: 1, backend: 'wasm', measuredAt: '2026-12-02T20:00:00.000Z' };
    ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`pipelineCost:${BACKBONE_ID}`, JSON.stringify(old));
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toEqual({ ...old, runs: 1 });
    recordPipelineCost(ctx.db, BACKBONE_ID, { images: 12, seconds: 12, workers: 1, backend: 'wasm' });
    expect(readPipelineCost(ctx.db, BACKBONE_ID)).toMatchObject({ imagesPerSecond: 0.76, runs: 2 });
  });
});
