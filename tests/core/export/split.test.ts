import { describe, expect, it } from 'vitest';
import { stratifiedGroupSplit, type SplitItem } from '../../../electron/core/split.js';

/** counts per label index; with groupEvery, runs of that many items of a label form one near-duplicate group. */
function items(counts: number[], groupEvery = 0): SplitItem[] {
  const out: SplitItem[] = [];
  counts.forEach((count, label) => {
    for (let i = 0; i < count; i++) out.push({ label, group: groupEvery ? `${label}-g${Math.floor(i / groupEvery)}` : null });
  });
  return out;
}

describe('the one stratified group split (training and the training-data export)', () => {
  it('gives each label its share of validation items, keeping at least one for training', () => {
    const counts = [250, 97, 13, 2, 1];
    for (const seed of [0, 1, 42, 2 ** 32 - 1]) {
      const list = items(counts);
      const { validation } = stratifiedGroupSplit(list, { validationFraction: 0.2, seed });
      counts.forEach((n, label) => {
        const val = validation.filter((i) => list[i].label === label).length;
        expect(val).toBe(n === 1 ? 0 : Math.max(1, Math.round(n * 0.2)));
      });
    }
  });

  it('never splits a near-duplicate group and stays close to the target', () => {
    const list = items([300, 120], 3);
    const { train, validation } = stratifiedGroupSplit(list, { validationFraction: 0.2, seed: 9 });
    const sides = new Map<string, Set<string>>();
    for (const [side, idx] of [['train', train], ['val', validation]] as const) for (const i of idx) sides.set(String(list[i].group), (sides.get(String(list[i].group)) ?? new Set()).add(side));
    for (const s of sides.values()) expect(s.size).toBe(1);
    const val = (label: number) => validation.filter((i) => list[i].label === label).length;
    expect(Math.abs(val(0) - 60)).toBeLessThanOrEqual(3);
    expect(Math.abs(val(1) - 24)).toBeLessThanOrEqual(3);
  });

  it('puts everything on the training side for a validation fraction of 0', () => {
    const list = items([10, 10]);
    expect(stratifiedGroupSplit(list, { validationFraction: 0, seed: 1 })).toEqual({ train: list.map((_, i) => i), validation: [] });
  });
});
