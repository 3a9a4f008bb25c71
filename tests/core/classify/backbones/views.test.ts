import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOBILENET_V2, MOBILENET_V2_VIEWS } from '../../../../electron/core/classify/backbones/definitions.js';
import { averageViews, MIN_TILE, TooSmallForTilingError, viewPixels, writeViews } from '../../../../electron/core/classify/backbones/views.js';
import { EnginePool } from '../../../../electron/core/classify/pool.js';
import { decodeImage, toBackboneInput } from '../../../../electron/core/classify/preprocess.js';
import { writeJpeg } from '../../../helpers/images.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-views-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('views of an image', () => {
  it('are the whole image, then its four quadrants at the input size', async () => {
    const img = await decodeImage(await writeJpeg(path.join(dir, 'a.jpg'), 3, 128));
    const out = new Float32Array(5 * viewPixels(MOBILENET_V2_VIEWS));
    writeViews(MOBILENET_V2_VIEWS, img, out, 0);
    const px = viewPixels(MOBILENET_V2_VIEWS);
    expect(Array.from(out.subarray(0, px))).toEqual(Array.from(toBackboneInput(img)));
    // the bottom-right quadrant's last pixel is the image's last pixel; its first is the image's centre
    const last = (img.width * img.height - 1) * 3;
    expect(out[5 * px - 3]).toBeCloseTo(img.data[last] / 255, 5);
    const centre = ((img.height / 2) * img.width + img.width / 2) * 3;
    expect(out[4 * px]).toBeCloseTo(img.data[centre] / 255, 5);
  });

  it('refuse an image too small for 2×2 tiles before writing anything, and take it whole', async () => {
    const img = await decodeImage(await writeJpeg(path.join(dir, 'tiny.jpg'), 4, 2 * MIN_TILE - 2));
    const out = new Float32Array(5 * viewPixels(MOBILENET_V2_VIEWS)).fill(7);
    expect(() => writeViews(MOBILENET_V2_VIEWS, img, out, 0)).toThrow(TooSmallForTilingError);
    expect(() => writeViews(MOBILENET_V2_VIEWS, img, out, 0)).toThrow(/62×62 px, too small for 2×2 tiles \(at least 64×64/);
    expect(out.every((v) => v === 7)).toBe(true);
    expect(() => writeViews(MOBILENET_V2, img, out, 0)).not.toThrow();
  });

  it('average into one embedding per image', () => {
    const def = { ...MOBILENET_V2_VIEWS, dim: 2 };
    const v = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20]);
    expect(Array.from(averageViews(def, v, 2))).toEqual([5, 6, 2, 4]);
  });
});

describe('an engine pool running the views pipeline', () => {
  it('embeds each image as the mean of its views, and reports an image too small for tiling without losing the others', async () => {
    const big = await writeJpeg(path.join(dir, 'big.jpg'), 5, 128);
    const tiny = await writeJpeg(path.join(dir, 'small.jpg'), 6, 40);
    const views = await EnginePool.start({ workers: 1, backboneId: MOBILENET_V2_VIEWS.id });
    const whole = await EnginePool.start({ workers: 1 });
    try {
      expect(views.backboneId).toBe(MOBILENET_V2_VIEWS.id);
      const r = await views.embedFiles([
        { key: 1, path: big },
        { key: 2, path: tiny },
      ]);
      expect([...r.vectors.keys()]).toEqual([1]);
      expect(r.errors).toEqual([{ key: 2, message: expect.stringMatching(/40×40 px, too small for 2×2 tiles/) }]);
      // not the whole-image embedding: the quadrants count
      const plain = (await whole.embedFiles([{ key: 1, path: big }])).vectors.get(1)!;
      const mean = r.vectors.get(1)!;
      expect(mean.length).toBe(plain.length);
      const diff = mean.reduce((s, x, i) => s + Math.abs(x - plain[i]), 0);
      expect(diff).toBeGreaterThan(1);
    } finally {
      await views.close();
      await whole.close();
    }
  }, 120_000);
});
