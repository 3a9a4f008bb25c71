import { describe, expect, it } from 'vitest';
import { BACKBONE_ID, POOLED_DIM, isOwnBackbone, TOP_BYTES } from '../../../electron/core/classify/backbone-info.js';
import { parseTop, serialiseTop, TOP_IN, topBackboneId, type TopBlock } from '../../../electron/core/classify/top-block.js';
import { seededRandom } from '../../../electron/core/random.js';

/** A top block with seeded weights in [-0.5, 0.5). */
function randomTop(seed: number): TopBlock {
  const r = seededRandom(seed);
  const kernel = new Float32Array(TOP_IN * POOLED_DIM).map(() => r() - 0.5);
  const bias = new Float32Array(POOLED_DIM).map(() => r() - 0.5);
  return { kernel, bias };
}

describe('backbone top block bytes', () => {
  it('serialises kernel then bias as float32 and parses them back', () => {
    const top = randomTop(7);
    const bytes = serialiseTop(top);
    expect(bytes.byteLength).toBe(TOP_BYTES);
    expect(TOP_BYTES).toBe((320 * 1280 + 1280) * 4);
    // little-endian, kernel first, bias at the end
    expect(bytes.readFloatLE(0)).toBe(top.kernel[0]);
    expect(bytes.readFloatLE(TOP_BYTES - 4)).toBe(top.bias[POOLED_DIM - 1]);
    const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    const back = parseTop(bytes);
    expect(back.kernel.length).toBe(320 * 1280);
    expect(back.bias.length).toBe(1280);
    expect(same(back.kernel, top.kernel) && same(back.bias, top.bias)).toBe(true);
    expect(serialiseTop(back).equals(bytes)).toBe(true);
    // from a view at an odd offset too (a SQLite blob or a file slice need not be aligned)
    const shifted = Buffer.alloc(TOP_BYTES + 1);
    bytes.copy(shifted, 1);
    const fromShifted = parseTop(shifted.subarray(1));
    expect(same(fromShifted.kernel, top.kernel) && same(fromShifted.bias, top.bias)).toBe(true);
  });

  it('refuses a wrong size and non-finite weights, saying which', () => {
    const bytes = serialiseTop(randomTop(7));
    expect(() => parseTop(bytes.subarray(0, 100))).toThrow(`the backbone top block has 100 bytes; expected ${TOP_BYTES} (a 320×1280 kernel and 1280 biases, float32)`);
    expect(() => parseTop(Buffer.concat([bytes, Buffer.alloc(4)]))).toThrow(/has 1643524 bytes; expected 1643520/);
    const nan = Buffer.from(bytes);
    nan.writeFloatLE(Number.NaN, 4 * 1000);
    expect(() => parseTop(nan)).toThrow('the backbone top block has non-finite weights (NaN or infinity)');
    const inf = Buffer.from(bytes);
    inf.writeFloatLE(Number.POSITIVE_INFINITY, TOP_BYTES - 4);
    expect(() => parseTop(inf)).toThrow(/non-finite weights/);
    const top = randomTop(7);
    expect(() => serialiseTop({ kernel: top.kernel.subarray(1), bias: top.bias })).toThrow('a top block has a 320×1280 kernel and 1280 biases');
  });

  it('names the weights in a stable backbone id that only this backbone owns', () => {
    const bytes = serialiseTop(randomTop(7));
    const id = topBackboneId(bytes);
    expect(id).toMatch(new RegExp(`^${BACKBONE_ID.replace(/[.+]/g, '\\$&')}\\+top-[0-9a-f]{16}$`));
    expect(topBackboneId(Buffer.from(bytes))).toBe(id);
    expect(topBackboneId(serialiseTop(randomTop(7)))).toBe(id);
    const other = Buffer.from(bytes);
    other[0] ^= 1;
    expect(topBackboneId(other)).not.toBe(id);
    expect(isOwnBackbone(id)).toBe(true);
    expect(isOwnBackbone(BACKBONE_ID)).toBe(true);
    expect(isOwnBackbone('efficientnet-b0')).toBe(false);
    expect(isOwnBackbone('efficientnet-b0+top-0123456789abcdef')).toBe(false);
    expect(isOwnBackbone(`${BACKBONE_ID}+top-0123`)).toBe(false);
    expect(isOwnBackbone(`${BACKBONE_ID}+top-0123456789ABCDEF`)).toBe(false);
  });
});
