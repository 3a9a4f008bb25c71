import { informativeBatch, typicalBatch } from './coldstart.js';
import { trainCommittee } from './committee.js';
import type { TrainOptions, TrainingExample } from './train.js';

/**
 * One step of the active-learning loop: which unlabelled items to ask about
 * next. With few labels the batch is typical, uncovered items (TypiClust,
 * coldstart.ts): with under TYPICAL_UNTIL labels a committee's doubts are
 * mostly about odd ones out, and bench:learn measured typical-first ahead at
 * 20, 50 and 100 labels (51.3 / 56.7 / 61.8 % against 45.0 / 53.3 / 60.0 %
 * for uncertainty from the start). After that, a small committee is trained
 * on the reviewed items and the batch is the items it is least sure of and
 * disagrees on most, kept diverse.
 */
export interface NextBatch {
  mode: 'diverse' | 'informative';
  /** Indices into `unlabelled`, in the order to show them. */
  indices: number[];
  /** Informativeness (0 = certain and agreeing) for informative batches; null for diverse ones. */
  scores: number[] | null;
}

/** Examples per label before a committee can be trained at all. */
export const WARM_MIN_PER_LABEL = 2;

/** Labels before the loop asks about uncertain items instead of typical ones. */
export const TYPICAL_UNTIL = 100;

/** auto: typical until TYPICAL_UNTIL labels, then informative (the app's rule); the others for benchmarks. */
export type Strategy = 'auto' | 'informative' | 'typical';

export async function nextBatch(
  labelled: readonly TrainingExample[],
  unlabelled: readonly Float32Array[],
  labels: readonly string[],
  size: number,
  opts: { seed?: number; folds?: number; train?: Omit<TrainOptions, 'split' | 'onEpoch'>; strategy?: Strategy; typicalUntil?: number } = {},
): Promise<NextBatch> {
  const seed = opts.seed ?? 1;
  if (!unlabelled.length) return { mode: 'diverse', indices: [], scores: null };
  const strategy = opts.strategy ?? 'auto';
  const typical = () => ({ mode: 'diverse' as const, indices: typicalBatch(labelled.map((e) => e.vector), unlabelled, size, seed), scores: null });
  if (strategy === 'typical' || (strategy === 'auto' && labelled.length < (opts.typicalUntil ?? TYPICAL_UNTIL))) return typical();
  // Only labels that have examples take part; a committee needs two with a couple each.
  const present = labels.map((_, c) => labelled.filter((e) => e.label === c).length);
  const usable = labels.map((_, c) => c).filter((c) => present[c] >= WARM_MIN_PER_LABEL);
  if (usable.length < 2) return typical();
  const remap = new Map(usable.map((c, i) => [c, i]));
  const examples = labelled.filter((e) => remap.has(e.label)).map((e) => ({ ...e, label: remap.get(e.label)! }));
  const committee = await trainCommittee(
    examples,
    usable.map((c) => labels[c]),
    // The unlabelled items standardise the features too (their spread, never a label).
    { featurePool: unlabelled, ...opts.train, minPerLabel: WARM_MIN_PER_LABEL, folds: opts.folds ?? 3, seed },
  );
  try {
    const probs = committee.predict(unlabelled);
    const { indices, scores } = informativeBatch(unlabelled, probs, usable.length, size, { seed });
    return { mode: 'informative', indices, scores };
  } finally {
    committee.dispose();
  }
}
