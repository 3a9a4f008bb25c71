import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRgb, preprocess } from '../../../electron/core/classify/preprocess.js';
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
    const rgb = await decodeRgb(file);
    expect(rgb.length).toBe(224 * 224 * 3);
    expect([rgb[0], rgb[1], rgb[2]]).toEqual([255, 0, 0]);
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
