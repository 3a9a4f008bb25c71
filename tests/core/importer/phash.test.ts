import { describe, expect, it } from 'vitest';
import { dhashFromGrey, hamming, NEAR_DUPLICATE_BITS, PhashIndex } from '../../../electron/core/importer/phash.js';
import { areaGrey } from '../../../electron/core/importer/thumbnail.js';

describe('perceptual hash', () => {
  it('sets a bit where a pixel is brighter than its right neighbour', () => {
    const grey = new Uint8Array(72);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 9; x++) grey[y * 9 + x] = 200 - x * 10; // falling to the right
    expect(dhashFromGrey(grey)).toBe('ffffffffffffffff');
    expect(dhashFromGrey(grey.map((v, i) => (i % 9) * 10))).toBe('0000000000000000');
  });

  it('measures Hamming distance and finds neighbours within the threshold', () => {
    expect(hamming('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hamming('00000000000000ff', '0000000000000001')).toBe(7);
    const idx = new PhashIndex();
    for (let i = 0; i < 3000; i++) idx.add(i + 1, (i * 2654435761 >>> 0).toString(16).padStart(8, '0') + 'ffff0000');
    idx.add(9001, '0123456789abcdef');
    expect(idx.near('0123456789abcdef')).toEqual([9001]);
    expect(idx.near('0123456789abcd10')).toEqual([]); // 8 bits away
    expect(idx.near('0123456789abcdee', NEAR_DUPLICATE_BITS)).toEqual([9001]);
    expect(idx.size).toBe(3001);
  });

  it('averages whole cells for the 9×8 grid', () => {
    const rgb = new Uint8Array(18 * 16 * 3).fill(90);
    expect([...areaGrey(rgb, 18, 16, 3)].every((v) => v === 90)).toBe(true);
  });
});
