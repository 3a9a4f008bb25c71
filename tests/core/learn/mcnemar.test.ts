import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../../electron/core/learn/mcnemar.js';

describe('McNemar’s exact test', () => {
  it('gives the two-sided binomial p-value of the images only one version gets right', () => {
    // 1 vs 9 discordant: 2 · (1 + 10) / 1024
    expect(mcnemarExact(1, 9)).toBeCloseTo(22 / 1024, 10);
    expect(mcnemarExact(9, 1)).toBeCloseTo(22 / 1024, 10);
    // 0 vs 5: 2 / 32
    expect(mcnemarExact(0, 5)).toBeCloseTo(1 / 16, 10);
  });

  it('calls no difference, or a difference on one image, chance', () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(0, 1)).toBe(1);
    expect(mcnemarExact(4, 4)).toBe(1);
  });

  it('stays finite and tiny for a large clear difference, and near 1 for a large even one', () => {
    const p = mcnemarExact(100, 300);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-20);
    expect(mcnemarExact(1000, 1010)).toBeGreaterThan(0.8);
  });
});
