import { diverseBatch, informativeBatch } from './coldstart.js';
import { trainCommittee } from './committee.js';
import type { TrainOptions, TrainingExample } from './train.js';

/**
 * One step of the active-learning loop: which unlabelled items to ask about
 * next. Until at least two labels have a couple of examples each there is
 * nothing to learn from, so the batch is simply diverse (cold start); after
 * that, a small committee is trained on the reviewed items and the batch is
 * the items it is least sure of and disagrees on most, kept diverse.
 */
export interface NextBatch {
  mode: 'diverse' | 'informative';
  /** Indices into `unlabelled`, in the order to show them. */
  indices: number[];
  /** Informativeness (0 = certain and agreeing) for informative batches; null for diverse ones. */
  scores: number[] | null;
}

/** Examples per label before the loop switches from diversity to informativeness. */
export const WARM_MIN_PER_LABEL = 2;

export async function nextBatch(
  labelled: readonly TrainingExample[],
  unlabelled: readonly Float32Array[],
  labels: readonly string[],
  size: number,
  opts: { seed?: number; folds?: number; train?: Omit<TrainOptions, 'split' | 'onEpoch'> } = {},
): Promise<NextBatch> {
  const seed = opts.seed ?? 1;
  if (!unlabelled.length) return { mode: 'diverse', indices: [], scores: null };
  // Only labels that have examples take part; a committee needs two with a couple each.
  const present = labels.map((_, c) => labelled.filter((e) => e.label === c).length);
  const usable = labels.map((_, c) => c).filter((c) => present[c] >= WARM_MIN_PER_LABEL);
  if (usable.length < 2) return { mode: 'diverse', indices: diverseBatch(unlabelled, size, seed), scores: null };
  const remap = new Map(usable.map((c, i) => [c, i]));
  const examples = labelled.filter((e) => remap.has(e.label)).map((e) => ({ ...e, label: remap.get(e.label)! }));
  const committee = await trainCommittee(
    examples,
    usable.map((c) => labels[c]),
    // The unlabelled items standardise the features too (their spread, never a label).
    { epochs: 40, patience: 5, featurePool: unlabelled, ...opts.train, minPerLabel: WARM_MIN_PER_LABEL, folds: opts.folds ?? 3, seed },
  );
  try {
    const probs = committee.predict(unlabelled);
    const { indices, scores } = informativeBatch(unlabelled, probs, usable.length, size, { seed });
    return { mode: 'informative', indices, scores };
  } finally {
    committee.dispose();
  }
}
