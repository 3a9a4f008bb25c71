import { groupFolds } from './split.js';
import { fitHead, type FittedHead, type TrainOptions, type TrainingExample } from './train.js';

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
  /** Epochs trained, all members together (the work a suggestion or suspect search costs). */
  epochs: number;
  /** Each member's n×k probabilities for the given vectors. */
  predict(vectors: readonly Float32Array[]): Float32Array[];
  dispose(): void;
}

/**
 * A member's training: short, as a committee only ranks items by doubt. On batik-irina4
 * (496 reviewed, 15 planted wrong labels, bench:assist) three members trained this way
 * list 11 of the wrong labels in 27 epochs; five with the full recipe (60 epochs,
 * patience 8) listed 10 in 161 (a shorter list: 80 suspects against 112).
 */
export const COMMITTEE_TRAINING = { epochs: 15, patience: 3 } as const;

export async function trainCommittee(
  examples: readonly TrainingExample[],
  labels: readonly string[],
  opts: Omit<TrainOptions, 'split' | 'validationFraction' | 'onEpoch'> & { folds?: number } = {},
): Promise<Committee> {
  const k = labels.length;
  const folds = Math.max(2, Math.min(opts.folds ?? 3, examples.length));
  const fold = groupFolds(examples, folds, opts.seed ?? 1);
  const outOfFold = new Float32Array(examples.length * k);
  // Members stay plain JavaScript heads (fitHead): a committee only needs their probabilities, and building
  // and running tfjs models for them was a third of a suggestion's time.
  const members: FittedHead[] = [];
  for (let f = 0; f < folds; f++) {
    const validation = examples.map((_, i) => i).filter((i) => fold[i] === f);
    const train = examples.map((_, i) => i).filter((i) => fold[i] !== f);
    if (!validation.length || !train.length) continue;
    const member = await fitHead(examples, labels, { ...COMMITTEE_TRAINING, ...opts, seed: (opts.seed ?? 1) + f, split: { train, validation } });
    members.push(member);
    const probs = member.predict(validation.map((i) => examples[i].vector));
    validation.forEach((i, row) => outOfFold.set(probs.subarray(row * k, row * k + k), i * k));
  }
  return {
    labels: [...labels],
    outOfFold,
    epochs: members.reduce((n, m) => n + m.history.length, 0),
    predict(vectors) {
      return members.map((m) => m.predict(vectors));
    },
    dispose() {
      members.length = 0;
    },
  };
}
