import { describe, expect, it } from 'vitest';
import { splitItems, type SplitItem } from '../../../electron/core/export/split.js';

function items(counts: Record<string, number>, groupEvery = 0): SplitItem[] {
  const out: SplitItem[] = [];
  let n = 0;
  for (const [label, count] of Object.entries(counts)) {
    for (let i = 0; i < count; i++, n++) {
      out.push({ key: `${label}-${String(i).padStart(4, '0')}`, label, group: groupEvery && i % groupEvery !== 0 ? `${label}-g${Math.floor(i / groupEvery)}` : null });
    }
  }
  return out;
}

describe('stratified split', () => {
  it('gives each label round(n × val) validation items when there are no duplicate groups', () => {
    const counts = { kawung: 250, parang: 97, truntum: 13, megamendung: 2, lain: 1 };
    for (const seed of [0, 1, 42, 2 ** 32 - 1]) {
      const split = splitItems(items(counts), 0.2, seed);
      for (const [label, n] of Object.entries(counts)) {
        const val = [...split].filter(([k, s]) => k.startsWith(`${label}-`) && s === 'val').length;
        expect(val).toBe(Math.round(n * 0.2));
      }
    }
  });

  it('never splits a near-duplicate group and stays close to the target', () => {
    const all = items({ kawung: 300, parang: 120 }, 3);
    // Groups: every item i with i % 3 != 0 joins group floor(i/3); give each group its leader too.
    const grouped = all.map((it) => ({ ...it, group: it.group ?? `${it.label}-g${Number(it.key.split('-')[1]) / 3}` }));
    const split = splitItems(grouped, 0.2, 9);
    const sideOf = new Map<string, Set<string>>();
    for (const it of grouped) {
      const g = String(it.group);
      sideOf.set(g, (sideOf.get(g) ?? new Set()).add(split.get(it.key)!));
    }
    for (const sides of sideOf.values()) expect(sides.size).toBe(1);
    const val = (label: string) => grouped.filter((it) => it.label === label && split.get(it.key) === 'val').length;
    expect(Math.abs(val('kawung') - 60)).toBeLessThanOrEqual(3);
    expect(Math.abs(val('parang') - 24)).toBeLessThanOrEqual(3);
  });

  it('does not depend on the order items are given in', () => {
    const list = items({ a: 40, b: 25 }, 4);
    const forward = splitItems(list, 0.3, 5);
    const backward = splitItems([...list].reverse(), 0.3, 5);
    expect([...backward].sort()).toEqual([...forward].sort());
  });
});
