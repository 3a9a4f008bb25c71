import { seededRandom, shuffled } from '../random.js';

/**
 * Train/validation split for training-data export.
 *
 * - Near-duplicate groups stay on one side (a group is assigned as a unit), so
 *   a photo and its near-copy never end up in train and val at once.
 * - Stratified by label: per label, the validation share is round(n × val).
 *   Groups are visited in a seeded shuffle and a group goes to val only when
 *   that brings the per-label val counts closer to their targets.
 * - Deterministic: the shuffle starts from groups sorted by content hash (not
 *   by database ids or query order), so the same items and seed give the same
 *   split in any catalogue holding them.
 */
export interface SplitItem {
  /** Unique and stable (e.g. the sha256). */
  key: string;
  label: string;
  /** Items with the same non-null group are kept together. */
  group: number | string | null;
}

export type Split = 'train' | 'val';

export function splitItems<T extends SplitItem>(items: readonly T[], valFraction: number, seed: number): Map<string, Split> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const g = item.group === null ? `item:${item.key}` : `group:${item.group}`;
    const list = groups.get(g);
    if (list) list.push(item);
    else groups.set(g, [item]);
  }
  const sorted = [...groups.values()].map((members) => ({ members, sortKey: members.map((m) => m.key).sort()[0] }));
  sorted.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  const ordered = shuffled(sorted, seededRandom(seed));

  const total = new Map<string, number>();
  for (const item of items) total.set(item.label, (total.get(item.label) ?? 0) + 1);
  const target = new Map([...total].map(([label, n]) => [label, Math.round(n * valFraction)]));
  const inVal = new Map<string, number>();

  const result = new Map<string, Split>();
  for (const { members } of ordered) {
    const counts = new Map<string, number>();
    for (const m of members) counts.set(m.label, (counts.get(m.label) ?? 0) + 1);
    let before = 0;
    let after = 0;
    for (const [label, c] of counts) {
      const gap = target.get(label)! - (inVal.get(label) ?? 0);
      before += Math.abs(gap);
      after += Math.abs(gap - c);
    }
    const side: Split = after < before ? 'val' : 'train';
    if (side === 'val') for (const [label, c] of counts) inVal.set(label, (inVal.get(label) ?? 0) + c);
    for (const m of members) result.set(m.key, side);
  }
  return result;
}
