import { seededRandom, shuffled } from '../random.js';
import type { SplitItem } from '../split.js';

/**
 * k group-aware folds for cross-validated predictions (suspect labels):
 * groups are dealt round-robin per label after a seeded shuffle, so every
 * fold has every label where possible and no group straddles two folds.
 */
export function groupFolds(items: readonly SplitItem[], k: number, seed = 1): number[] {
  const rand = seededRandom(seed);
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    const key = it.group === null ? `item:${i}` : `group:${it.group}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const fold = new Array<number>(items.length).fill(0);
  const byLabel = new Map<number, number[][]>();
  for (const members of groups.values()) {
    const label = items[members[0]].label;
    byLabel.set(label, [...(byLabel.get(label) ?? []), members]);
  }
  let next = 0;
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    for (const members of shuffled(byLabel.get(label)!, rand)) {
      for (const i of members) fold[i] = next % k;
      next++;
    }
  }
  return fold;
}
