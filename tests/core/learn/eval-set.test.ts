import { describe, expect, it } from 'vitest';
import { assignEvaluation, EVALUATION_FROM, type EvaluationCandidate } from '../../../electron/core/learn/eval-set.js';
import { evaluationSet } from '../../../electron/core/learn/eval-set.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { learnCatalogue } from './catalogue.js';

const items = (perLabel: Record<string, number>, groupOf: (label: string, i: number) => string = (l, i) => `${l}-${i}`): EvaluationCandidate[] => {
  let id = 0;
  return Object.entries(perLabel).flatMap(([label, n]) => Array.from({ length: n }, (_, i) => ({ imageId: ++id, label, groupKey: groupOf(label, i) })));
};

const countPerLabel = (all: EvaluationCandidate[], set: Set<number>) => {
  const out: Record<string, number> = {};
  for (const it of all) if (set.has(it.imageId)) out[it.label] = (out[it.label] ?? 0) + 1;
  return out;
};

describe('the evaluation set', () => {
  it('sets aside about a fifth of every label, at least three images, and none of a label still too small to train on', () => {
    const all = items({ kawung: 69, parang: 23, megamendung: 246, truntum: 264, baru: EVALUATION_FROM - 1 });
    const set = assignEvaluation(all, 5);
    const per = countPerLabel(all, set);
    expect(per.baru).toBeUndefined();
    expect(per.parang).toBeGreaterThanOrEqual(3);
    for (const [label, n] of [['kawung', 69], ['megamendung', 246], ['truntum', 264]] as const) {
      expect(per[label] / n).toBeGreaterThan(0.1);
      expect(per[label] / n).toBeLessThan(0.3);
    }
  });

  it('keeps near-duplicate groups together and is the same on every run', () => {
    const all = items({ kawung: 40, parang: 40 }, (l, i) => `${l}-group-${Math.floor(i / 4)}`);
    const set = assignEvaluation(all, 5);
    expect(set.size).toBeGreaterThan(0);
    const byGroup = new Map<string, boolean[]>();
    for (const it of all) byGroup.set(it.groupKey, [...(byGroup.get(it.groupKey) ?? []), set.has(it.imageId)]);
    for (const sides of byGroup.values()) expect(new Set(sides).size).toBe(1);
    expect([...assignEvaluation([...all].reverse(), 5)].sort()).toEqual([...set].sort());
  });

  it('grows as validators label: images set aside stay set aside', () => {
    const before = items({ kawung: 40, parang: 40 });
    const after = [...before, ...items({ kawung: 80, parang: 80 }).map((it) => ({ ...it, imageId: it.imageId + 1000, groupKey: `new-${it.groupKey}` }))];
    const small = assignEvaluation(before, 5);
    const large = assignEvaluation(after, 5);
    expect(large.size).toBeGreaterThan(small.size);
    for (const id of small) expect(large.has(id)).toBe(true);
  });

  it('is never trained on', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [14, 14, 14, 14] });
    const facetId = ctx.db.prepare("SELECT id FROM facets WHERE key = 'tema'").pluck().get() as number;
    const set = evaluationSet(ctx.db, facetId, 5);
    expect(set.size).toBeGreaterThanOrEqual(12);
    const r = await trainFacet(ctx.db, { facet: 'tema', epochs: 3 });
    const trained = ctx.db.prepare('SELECT manifest FROM models WHERE id = ?').pluck().get(r.version.id) as string;
    const { training } = JSON.parse(trained) as { training: { imageIds: number[]; validationImageIds: number[] } };
    for (const id of [...training.imageIds, ...training.validationImageIds]) expect(set.has(id)).toBe(false);
    expect(r.version.training.images + set.size).toBe(56);
    expect(r.notes.map((n) => n.message).join(' ')).toContain(`left out the ${set.size} reviewed image(s) of the evaluation set`);
  });
});
