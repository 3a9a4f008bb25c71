import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../common/errors.js';
import { createHead } from '../models/head.js';
import { computeMetrics, crossEntropy, type EvalMetrics } from './metrics.js';
import { seededRandom, shuffled } from './random.js';
import { stratifiedGroupSplit, type Split } from './split.js';
import { argmaxRow, packRows } from './vectors.js';

/**
 * Trains a classifier head over cached backbone embeddings. Only the head is
 * trained: the backbone stays frozen (there is no native TensorFlow here to
 * fine-tune its top blocks in reasonable time, and embeddings are cached).
 *
 * The research's recipe: augmented views (extra embeddings of rotated /
 * zoomed / flipped / colour-shifted copies, training side only), a stratified
 * 80/20 split that keeps near-duplicate groups together, a learning-rate
 * schedule (halve on a validation-loss plateau), early stopping on validation
 * loss with the best weights restored, and balanced class weights. A fixed
 * seed gives the same model for the same data.
 */

export interface TrainingExample {
  /** View 0: the image itself. */
  vector: Float32Array;
  /** Label index into the labels passed to trainHead. */
  label: number;
  /** Near-duplicate group (images.dup_group); null = its own group. */
  group: number | string | null;
  /** Augmented views (1..n), used only when the example is on the training side. */
  views?: readonly Float32Array[];
}

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  learningRate: number;
}

export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Hidden ReLU units; 0 = a linear softmax head. */
  hidden?: number;
  dropout?: number;
  l2?: number;
  /** Epochs without validation-loss improvement before stopping. */
  patience?: number;
  /** Epochs without improvement before the learning rate is halved. */
  plateau?: number;
  seed?: number;
  validationFraction?: number;
  minPerLabel?: number;
  /** Use a given split instead of the stratified group split (benchmarks with a fixed held-out set). */
  split?: Split;
  onEpoch?: (log: EpochLog) => void;
  signal?: AbortSignal;
}

export const TRAIN_DEFAULTS = {
  epochs: 60,
  batchSize: 32,
  learningRate: 3e-3,
  hidden: 0,
  dropout: 0.2,
  l2: 1e-4,
  patience: 8,
  plateau: 3,
  seed: 20240917,
  validationFraction: 0.2,
  minPerLabel: 5,
} as const;

const MIN_STEPS = 8;

export interface TrainedHead {
  model: tf.LayersModel;
  labels: string[];
  split: Split;
  history: EpochLog[];
  bestEpoch: number;
  stoppedEarly: boolean;
  classWeights: number[];
  options: Required<Omit<TrainOptions, 'onEpoch' | 'signal' | 'split'>>;
  metrics: { train: EvalMetrics; validation: EvalMetrics };
  /** Validation probabilities, n×k row-major, in split.validation order. */
  validationProbs: Float32Array;
}

/**
 * Refuse data a head cannot be trained on, naming what is missing:
 * fewer than two labels with examples, or labels short of the minimum.
 */
export function checkTrainable(labels: readonly string[], counts: readonly number[], minPerLabel: number): void {
  const withData = labels.filter((_, i) => counts[i] > 0);
  if (withData.length < 2) {
    const have = withData.length ? `only "${withData[0]}" has reviewed examples` : 'no label has reviewed examples';
    throw new ApiError(
      'invalid_input',
      `Training needs reviewed examples of at least two labels, but ${have}. Correct or validate images of the other labels first.`,
    );
  }
  const short = labels.map((l, i) => ({ l, n: counts[i] })).filter((x) => x.n < minPerLabel);
  if (short.length) {
    const list = short.map((x) => `"${x.l}" has ${x.n} (needs ${minPerLabel - x.n} more)`).join(', ');
    throw new ApiError('invalid_input', `Every label needs at least ${minPerLabel} reviewed examples to train: ${list}.`);
  }
}

export async function trainHead(examples: readonly TrainingExample[], labels: readonly string[], options: TrainOptions = {}): Promise<TrainedHead> {
  const opts = { ...TRAIN_DEFAULTS, ...stripUndefined(options) };
  const k = labels.length;
  const counts = labels.map((_, c) => examples.filter((e) => e.label === c).length);
  checkTrainable(labels, counts, opts.minPerLabel);
  const dim = examples[0].vector.length;

  const split = options.split ?? stratifiedGroupSplit(examples, { validationFraction: opts.validationFraction, seed: opts.seed });
  if (!split.validation.length) {
    throw new ApiError('invalid_input', 'Too few distinct images to hold out a validation set (near-duplicates are kept together); review more images.');
  }
  // Training rows: every view of every training example; validation: view 0 only.
  const trainRows: Float32Array[] = [];
  const trainY: number[] = [];
  for (const i of split.train) {
    const e = examples[i];
    for (const v of [e.vector, ...(e.views ?? [])]) {
      trainRows.push(v);
      trainY.push(e.label);
    }
  }
  const valY = split.validation.map((i) => examples[i].label);
  const trainCounts = labels.map((_, c) => split.train.filter((i) => examples[i].label === c).length);
  // Balanced weights: a label with few examples counts as much in the loss as a common one.
  const classWeights = trainCounts.map((n) => (n ? split.train.length / (k * n) : 0));

  const rand = seededRandom(opts.seed);
  const model = createHead({ inputDim: dim, classes: k, hidden: opts.hidden, dropout: opts.dropout, l2: opts.l2, seed: opts.seed });
  const optimizer = tf.train.adam(opts.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const setRate = (lr: number) => {
    // Adam reads its rate on every step; tfjs exposes no setter, the field is public at run time.
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  };

  const xAll = tf.tensor2d(packRows(trainRows, dim), [trainRows.length, dim]);
  const yAll = tf.oneHot(tf.tensor1d(trainY, 'int32'), k);
  const xVal = tf.tensor2d(packRows(split.validation.map((i) => examples[i].vector), dim), [split.validation.length, dim]);
  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0, weights: null as tf.Tensor[] | null };
  let lr = opts.learningRate;
  let sinceImprovement = 0;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      if (options.signal?.aborted) throw new ApiError('cancelled', 'Training cancelled; the model registry is unchanged');
      // Small sets are tiled so an epoch is at least MIN_STEPS optimiser steps; otherwise
      // 20 labels would get one step per epoch and early stopping would end an untrained head.
      const reps = Math.max(1, Math.ceil((MIN_STEPS * opts.batchSize) / trainY.length));
      const order = tf.tensor1d(shuffled(Array.from({ length: trainY.length * reps }, (_, i) => i % trainY.length), rand), 'int32');
      const x = tf.gather(xAll, order);
      const y = tf.gather(yAll, order);
      order.dispose();
      const h = await model.fit(x, y, {
        epochs: 1,
        batchSize: opts.batchSize,
        shuffle: false,
        classWeight: Object.fromEntries(classWeights.map((w, c) => [c, w])),
        verbose: 0,
      });
      x.dispose();
      y.dispose();
      const valProbs = tf.tidy(() => (model.predict(xVal) as tf.Tensor).dataSync() as Float32Array);
      const valLoss = crossEntropy(valProbs, k, valY);
      const valAccuracy = valY.filter((t, i) => argmaxRow(valProbs, k, i) === t).length / valY.length;
      const log: EpochLog = {
        epoch,
        loss: Number(h.history.loss[0]),
        accuracy: Number((h.history.acc ?? h.history.accuracy)?.[0] ?? 0),
        valLoss,
        valAccuracy,
        learningRate: lr,
      };
      history.push(log);
      options.onEpoch?.(log);
      if (valLoss < best.loss - 1e-4) {
        best.weights?.forEach((t) => t.dispose());
        best = { loss: valLoss, epoch, weights: model.getWeights().map((w) => w.clone()) };
        sinceImprovement = 0;
      } else {
        sinceImprovement++;
        if (sinceImprovement >= opts.patience) {
          stoppedEarly = epoch < opts.epochs;
          break;
        }
        if (sinceImprovement % opts.plateau === 0) {
          lr /= 2;
          setRate(lr);
        }
      }
    }
    if (best.weights) model.setWeights(best.weights);
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    best.weights?.forEach((t) => t.dispose());
    xAll.dispose();
    yAll.dispose();
    xVal.dispose();
  }

  const predictIdx = (rows: Float32Array[]) => {
    const probs = tf.tidy(() => (model.predict(tf.tensor2d(packRows(rows, dim), [rows.length, dim])) as tf.Tensor).dataSync() as Float32Array);
    return { probs, pred: rows.map((_, i) => argmaxRow(probs, k, i)) };
  };
  const tr = predictIdx(split.train.map((i) => examples[i].vector));
  const va = predictIdx(split.validation.map((i) => examples[i].vector));
  return {
    model,
    labels: [...labels],
    split,
    history,
    bestEpoch: best.epoch,
    stoppedEarly,
    classWeights,
    options: {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      learningRate: opts.learningRate,
      hidden: opts.hidden,
      dropout: opts.dropout,
      l2: opts.l2,
      patience: opts.patience,
      plateau: opts.plateau,
      seed: opts.seed,
      validationFraction: opts.validationFraction,
      minPerLabel: opts.minPerLabel,
    },
    metrics: {
      train: computeMetrics(labels, split.train.map((i) => examples[i].label), tr.pred),
      validation: computeMetrics(labels, valY, va.pred),
    },
    validationProbs: va.probs,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
