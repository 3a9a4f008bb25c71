import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { decodeImage, DECODE_MAX, preprocess, toBackboneInput } from '../../../electron/core/classify/preprocess.js';
import { seededRandom } from '../../../electron/core/random.js';
import { writeJpeg } from '../../helpers/images.js';
import { tempDir } from '../../helpers/temp.js';

describe('preprocessing for the backbone', () => {
  it('gives the same 224×224×3 tensor in [0,1] from the same file every time', async () => {
    const dir = tempDir();
    const file = await writeJpeg(path.join(dir, 'a.jpg'), 7, 48);
    const a = await preprocess(file);
    const b = await preprocess(file);
    const c = await preprocess(fs.readFileSync(file));
    expect(a.length).toBe(224 * 224 * 3);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(true);
    let min = Infinity;
    let max = -Infinity;
    for (const v of a) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0.2); // a pattern, not a flat grey
    const other = await preprocess(await writeJpeg(path.join(dir, 'b.jpg'), 8, 48));
    expect(Buffer.from(other.buffer).equals(Buffer.from(a.buffer))).toBe(false);
  });

  it('turns a PNG with alpha and a non-square image into RGB 224×224', async () => {
    const dir = tempDir();
    const sharp = (await import('sharp')).default;
    const file = path.join(dir, 'wide.png');
    await sharp({ create: { width: 90, height: 30, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toFile(file);
    const img = await decodeImage(file);
    expect(img).toMatchObject({ width: 90, height: 30 });
    expect([img.data[0], img.data[1], img.data[2]]).toEqual([255, 0, 0]);
    const input = toBackboneInput(img);
    expect(input.length).toBe(224 * 224 * 3);
    expect([input[0], input[1], input[2], input.at(-3), input.at(-2), input.at(-1)]).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('decodes a large photo at most 448 px on its long side, keeping its shape', async () => {
    const dir = tempDir();
    const sharp = (await import('sharp')).default;
    const file = path.join(dir, 'big.jpg');
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#336699' } }).jpeg().toFile(file);
    expect(await decodeImage(file)).toMatchObject({ width: DECODE_MAX, height: 336 });
  });

  it('applies EXIF orientation before resizing, so the backbone sees the photo upright', async () => {
    const dir = tempDir();
    const sharp = (await import('sharp')).default;
    const file = path.join(dir, 'sideways.jpg');
    // Stored 60×20 with "rotate 90° clockwise to display" (orientation 6): upright it is 20×60.
    await sharp({ create: { width: 60, height: 20, channels: 3, background: '#808080' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(file);
    expect(await decodeImage(file)).toMatchObject({ width: 20, height: 60 });
  });

  it('resizes exactly as nsfwjs does (tf.image.resizeBilinear, aligned corners, ÷255)', async () => {
    const rand = seededRandom(5);
    for (const [width, height] of [
      [256, 256],
      [90, 30],
      [448, 300],
      [7, 500],
    ]) {
      const data = Uint8Array.from({ length: width * height * 3 }, () => Math.floor(rand() * 256));
      const ours = toBackboneInput({ data, width, height });
      const theirs = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(Float32Array.from(data), [height, width, 3]), [224, 224], true).div(255)).dataSync();
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('refuses a corrupt file with an error instead of returning garbage', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.jpg');
    const good = fs.readFileSync(await writeJpeg(path.join(dir, 'g.jpg'), 3, 48));
    fs.writeFileSync(file, good.subarray(0, 40));
    await expect(preprocess(file)).rejects.toThrow();
    await expect(preprocess(path.join(dir, 'missing.jpg'))).rejects.toThrow(/missing/);
  });
});
