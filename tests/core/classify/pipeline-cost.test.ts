import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { estimateSeconds, readPipelineCost, recordPipelineCost } from '../../../electron/core/classify/pipeline-cost.js';
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
    expect(cost).toMatchObject({ images: 8, workers: 1, backend: expect.stringMatching(/wasm|tensorflow|cpu/) });
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
});
