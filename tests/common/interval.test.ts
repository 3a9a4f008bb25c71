import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../electron/common/interval.js';

describe('wilsonInterval', () => {
  it('is wide on a handful of images and narrow on many', () => {
    // 9 of 10: about 60 % to 98 %, not "90 %".
    expect(wilsonInterval(9, 10)).toEqual({ low: 0.5958, high: 0.9821 });
    const many = wilsonInterval(900, 1000)!;
    expect(many.high - many.low).toBeLessThan(0.04);
  });

  it('stays within 0–1 at the extremes and has nothing to say about no images', () => {
    expect(wilsonInterval(0, 5)!.low).toBe(0);
    expect(wilsonInterval(5, 5)!.high).toBe(1);
    expect(wilsonInterval(5, 5)!.low).toBeGreaterThan(0.5);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});
