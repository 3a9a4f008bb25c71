import { describe, expect, it } from 'vitest';
import {
  countEmbeddings,
  decodeVector,
  encodeVector,
  getEmbedding,
  getEmbeddings,
  imagesWithoutEmbedding,
  putEmbeddings,
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
});
