import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { countImagesWithoutFeatures, getEmbedding, putEmbeddings } from '../../../electron/core/classify/embeddings.js';
import type { FeaturesResult } from '../../../electron/core/classify/features-job.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { waitForJob } from '../../helpers/jobs.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { api } from '../learn/catalogue.js';

describe('computing features without a model', () => {
  it('embeds exactly the images that have no features, keeps the others, and reports unreadable files', async () => {
    const ctx = await tempContext();
    const root = tempDir('canting-features-');
    await writeJpeg(path.join(root, 'a.jpg'), 1, 64);
    await writeJpeg(path.join(root, 'b.jpg'), 2, 64);
    await writeJpeg(path.join(root, 'c.jpg'), 3, 64);
    await writeJpeg(path.join(root, 'd.jpg'), 4, 64);
    const [a, b, c, d] = await insertImages(ctx.db, root, ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg']);
    // Damaged on disk after import (a failing drive).
    fs.writeFileSync(path.join(root, 'd.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2]));
    const known = Float32Array.from({ length: EMBEDDING_DIM }, (_, i) => i / EMBEDDING_DIM);
    putEmbeddings(ctx.db, BACKBONE_ID, [{ imageId: a, vector: known }]);
    expect(countImagesWithoutFeatures(ctx.db, BACKBONE_ID)).toBe(3);

    const started = await api(ctx, 'classify.features', {});
    expect(started.total).toBe(3);
    const job = await waitForJob(ctx, started.jobId);
    expect(job.state).toBe('done');
    const result = job.result as FeaturesResult;
    expect(result).toMatchObject({ total: 3, computed: 2, failed: 1 });
    expect(result.errors).toEqual([{ imageId: d, path: path.join(root, 'd.jpg'), message: expect.any(String) }]);
    for (const id of [b, c]) {
      const v = getEmbedding(ctx.db, id, BACKBONE_ID, 0);
      expect(v).toHaveLength(EMBEDDING_DIM);
      expect(v!.every(Number.isFinite)).toBe(true);
    }
    // The image that had features keeps them; only the unreadable one is left.
    expect(getEmbedding(ctx.db, a, BACKBONE_ID, 0)).toEqual(known);
    expect(countImagesWithoutFeatures(ctx.db, BACKBONE_ID)).toBe(1);

    // Once the broken file is gone from the catalogue, there is nothing to do, and it says so.
    ctx.db.prepare('DELETE FROM images WHERE id = ?').run(d);
    await expect(api(ctx, 'classify.features', {})).rejects.toMatchObject({ code: 'invalid_input', message: 'Every image already has its features; nothing to compute' });
  }, 120_000);
});
