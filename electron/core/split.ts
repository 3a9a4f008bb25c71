import { seededRandom, shuffled } from './random.js';

/**
 * The one train/validation split: training uses it, and the training-data
 * export uses it too (or replays the split a version recorded), so "what
 * did motif-v3 train on" is answered by the same rule everywhere.
 *
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
  // No validation side asked for (an export with --val 0): everything trains.
  if (fraction <= 0) return { train: items.map((_, i) => i), validation: [] };
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
