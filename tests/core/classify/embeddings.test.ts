import { describe, expect, it } from 'vitest';
import {
  countEmbeddings,
  decodeVector,
  encodeVector,
  getEmbedding,
  getEmbeddings,
  imagesWithoutEmbedding,
  putEmbeddings,
  sampleEmbeddings,
} from '../../../electron/core/classify/embeddings.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import path from 'node:path';

describe('embedding cache', () => {
  it('stores float32 little-endian vectors per image, backbone and view', async () => {
    const ctx = await tempContext();
    const root = tempDir();
    await writeJpeg(path.join(root, 'a.jpg'), 1, 16);
    await writeJpeg(path.join(root, 'b.jpg'), 2, 16);
    const [a, b] = await insertImages(ctx.db, root, ['a.jpg', 'b.jpg']);
    const v = new Float32Array([0.5, -1.25, 3e-8, 1280]);
    expect(encodeVector(v).readFloatLE(4)).toBe(-1.25);
    expect(Array.from(decodeVector(encodeVector(v)))).toEqual(Array.from(v));
    expect(() => decodeVector(Buffer.alloc(5))).toThrow(/not a float32 vector/);
    // views into larger buffers, at any byte offset (SQLite's blobs need not be aligned)
    expect(Array.from(decodeVector(encodeVector(new Float32Array([7, 0.5, -1.25]).subarray(1))))).toEqual([0.5, -1.25]);
    const odd = Buffer.alloc(9);
    encodeVector(v.subarray(0, 2)).copy(odd, 1);
    expect(Array.from(decodeVector(odd.subarray(1)))).toEqual([0.5, -1.25]);

    putEmbeddings(ctx.db, 'bb1', [
      { imageId: a, vector: v },
      { imageId: a, vector: new Float32Array([9, 9, 9, 9]), view: 1 },
    ]);
    expect(Array.from(getEmbedding(ctx.db, a, 'bb1')!)).toEqual(Array.from(v));
    expect(Array.from(getEmbedding(ctx.db, a, 'bb1', 1)!)).toEqual([9, 9, 9, 9]);
    expect(getEmbedding(ctx.db, a, 'other-backbone')).toBeNull();
    expect([...getEmbeddings(ctx.db, [a, b], 'bb1').keys()]).toEqual([a]);
    expect(imagesWithoutEmbedding(ctx.db, [a, b], 'bb1')).toEqual([b]);
    expect(countEmbeddings(ctx.db, 'bb1')).toBe(2);
    expect(countEmbeddings(ctx.db, 'bb1', 0)).toBe(1);
  });

  it('samples view-0 vectors evenly across the catalogue, at most the limit', async () => {
    const ctx = await tempContext();
    const root = tempDir();
    const names = Array.from({ length: 10 }, (_, i) => `p${i}.jpg`);
    for (const [i, n] of names.entries()) await writeJpeg(path.join(root, n), i + 1, 8);
    const ids = await insertImages(ctx.db, root, names);
    putEmbeddings(ctx.db, 'bb1', [
      ...ids.map((imageId, i) => ({ imageId, vector: new Float32Array([i]) })),
      { imageId: ids[0], vector: new Float32Array([99]), view: 1 }, // augmented views are not sampled
    ]);
    const values = (vs: Float32Array[]) => vs.map((v) => v[0]);
    expect(values(sampleEmbeddings(ctx.db, 'bb1', 5))).toEqual([0, 2, 4, 6, 8]);
    expect(values(sampleEmbeddings(ctx.db, 'bb1', 50))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sampleEmbeddings(ctx.db, 'other', 5)).toEqual([]);
  });
});
