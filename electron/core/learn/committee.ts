import type * as tf from '@tensorflow/tfjs';
import { predictHead } from '../models/head.js';
import { groupFolds } from './split.js';
import { trainHead, type TrainOptions, type TrainingExample } from './train.js';
import { packRows } from './vectors.js';

/**
 * k heads, each trained with one group-aware fold held out. Gives every
 * labelled item an out-of-fold prediction (a model that never saw it — what
 * the suspect-label finder needs) and a committee whose disagreement on
 * unlabelled items tells active learning what to ask next.
 */
export interface Committee {
  labels: string[];
  /** n×k out-of-fold probabilities, in example order. */
  outOfFold: Float32Array;
  /** Each member's n×k probabilities for the given vectors. */
  predict(vectors: readonly Float32Array[]): Float32Array[];
  dispose(): void;
}

export async function trainCommittee(
  examples: readonly TrainingExample[],
  labels: readonly string[],
  opts: Omit<TrainOptions, 'split' | 'validationFraction' | 'onEpoch'> & { folds?: number } = {},
): Promise<Committee> {
  const k = labels.length;
  const folds = Math.max(2, Math.min(opts.folds ?? 3, examples.length));
  const fold = groupFolds(examples, folds, opts.seed ?? 1);
  const outOfFold = new Float32Array(examples.length * k);
  const members: tf.LayersModel[] = [];
  const dim = examples[0].vector.length;
  try {
    for (let f = 0; f < folds; f++) {
      const validation = examples.map((_, i) => i).filter((i) => fold[i] === f);
      const train = examples.map((_, i) => i).filter((i) => fold[i] !== f);
      if (!validation.length || !train.length) continue;
      const r = await trainHead(examples, labels, { ...opts, seed: (opts.seed ?? 1) + f, split: { train, validation } });
      members.push(r.model);
      validation.forEach((i, row) => outOfFold.set(r.validationProbs.subarray(row * k, row * k + k), i * k));
    }
  } catch (err) {
    members.forEach((m) => m.dispose());
    throw err;
  }
  return {
    labels: [...labels],
    outOfFold,
    predict(vectors) {
      if (!vectors.length) return members.map(() => new Float32Array(0));
      const x = packRows(vectors, dim);
      return members.map((m) => predictHead(m, x, vectors.length));
    },
    dispose() {
      members.forEach((m) => m.dispose());
    },
  };
}
