import { seededRandom, shuffled } from '../random.js';

/**
 * Stratified train/validation split that never separates near-duplicates:
 * all items of one group (images.dup_group — the same cloth photographed
 * twice) land on the same side, otherwise validation accuracy is flattered
 * by items the model has effectively seen. Groups are assigned to their
 * majority label and each label's groups are shuffled (seeded) and taken
 * into validation until that label's share reaches the fraction.
 */

export interface SplitItem {
  /** Label index. */
  label: number;
  /** Near-duplicate group; items with the same group stay together. Null = a group of its own. */
  group: number | string | null;
}

export interface Split {
  /** Indices into the items, ascending. */
  train: number[];
  validation: number[];
}

export function stratifiedGroupSplit(items: readonly SplitItem[], opts: { validationFraction?: number; seed?: number } = {}): Split {
  const fraction = opts.validationFraction ?? 0.2;
  const rand = seededRandom(opts.seed ?? 1);
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    const key = it.group === null ? `item:${i}` : `group:${it.group}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  // Majority label of each group (ties → lowest label index, deterministic).
  const byLabel = new Map<number, number[][]>();
  for (const members of groups.values()) {
    const votes = new Map<number, number>();
    for (const i of members) votes.set(items[i].label, (votes.get(items[i].label) ?? 0) + 1);
    const label = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    byLabel.set(label, [...(byLabel.get(label) ?? []), members]);
  }
  const validation: number[] = [];
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const labelGroups = shuffled(byLabel.get(label)!, rand);
    const total = labelGroups.reduce((n, g) => n + g.length, 0);
    const want = Math.max(1, Math.round(total * fraction));
    let taken = 0;
    // Keep at least one group for training; a label with one group gives none to validation.
    for (let g = 0; g < labelGroups.length - 1 && taken < want; g++) {
      validation.push(...labelGroups[g]);
      taken += labelGroups[g].length;
    }
  }
  const inValidation = new Set(validation);
  return {
    train: items.map((_, i) => i).filter((i) => !inValidation.has(i)),
    validation: [...inValidation].sort((a, b) => a - b),
  };
}

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
