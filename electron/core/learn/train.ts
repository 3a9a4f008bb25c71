import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../common/errors.js';
import type { EpochLog } from '../../common/contract/index.js';
import { linearHead } from '../models/head.js';
import type { EvalMetrics } from '../classify/metrics.js';
import { headMetrics } from './head-metrics.js';
import { crossEntropy } from './loss.js';
import { fitTemperature } from './calibrate.js';
import { seededRandom, shuffled } from '../random.js';
import { stratifiedGroupSplit, type Split } from '../split.js';
import { softmaxTrainer } from './softmax.js';
import { foldStandardisation, standardise, standardiser } from './standardise.js';
import { argmaxRow } from './vectors.js';

/**
 * Trains a classifier head over cached backbone embeddings, with the backbone
 * frozen. (Fine-tuning the backbone's top block is a separate, optional second
 * stage that starts from this head: finetune.ts.)
 *
 * The research's recipe: augmented views (extra embeddings of rotated /
 * zoomed / flipped / colour-shifted copies, training side only, one picked at
 * random per image per epoch), a stratified
 * 80/20 split that keeps near-duplicate groups together, a learning-rate
 * schedule (halve on a validation-loss plateau), early stopping on validation
 * loss with the best weights restored, and balanced class weights. A fixed
 * seed gives the same model for the same data.
 *
 * The head is linear (softmax over the 1920-d embedding, dropout on the
 * input), trained in plain JavaScript (softmax.ts) and stored as a tfjs-layers
 * head. On batik-irina4's held-out blocks, trained on all 784 training images
 * with augmented views, it reaches 75.5% (npm run bench:learn), retraining in
 * seconds on two CPU cores.
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

/** One epoch's numbers: the contract's EpochLog (job progress and TrainResult carry it as data). */
export type { EpochLog } from '../../common/contract/index.js';

export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  dropout?: number;
  l2?: number;
  /** Epochs without validation-loss improvement before stopping. */
  patience?: number;
  /** Epochs without improvement before the learning rate is halved. */
  plateau?: number;
  seed?: number;
  validationFraction?: number;
  minPerLabel?: number;
  /**
   * Unlabelled embeddings of the same collection (view 0). Only their per-dimension
   * mean and spread are used, with the training side's, to standardise features: with
   * 20 labels the training side alone estimates 1,920 spreads badly. No labels involved.
   */
  featurePool?: readonly Float32Array[];
  /** Use a given split instead of the stratified group split (benchmarks with a fixed held-out set). */
  split?: Split;
  /**
   * Fit a temperature on the validation split and fold it into the stored head (calibrate.ts),
   * so its confidence means what it says. For versions people see; the committee's
   * out-of-fold probabilities (suspects, suggestions) keep their own scale.
   */
  calibrate?: boolean;
  onEpoch?: (log: EpochLog) => void;
  signal?: AbortSignal;
}

export const TRAIN_DEFAULTS = {
  epochs: 60,
  batchSize: 32,
  learningRate: 1e-2,
  dropout: 0.2,
  l2: 0.1,
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
  options: Required<Omit<TrainOptions, 'onEpoch' | 'signal' | 'split' | 'featurePool' | 'calibrate'>>;
  /** The logits of the stored head are those of training divided by this (1: not calibrated). */
  temperature: number;
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
    ).translated(withData.length ? 'trainOneLabel' : 'trainNoLabel', { label: withData[0] ?? '' });
  }
  const short = labels.map((l, i) => ({ l, n: counts[i] })).filter((x) => x.n < minPerLabel);
  if (short.length) {
    const list = short.map((x) => `"${x.l}" has ${x.n} (needs ${minPerLabel - x.n} more)`).join(', ');
    throw new ApiError('invalid_input', `Every label needs at least ${minPerLabel} reviewed examples to train: ${list}.`).translated('trainTooFew', {
      min: minPerLabel,
      // Names and counts only, so the list reads the same in any language.
      list: short.map((x) => `${x.l} ${x.n}/${minPerLabel}`).join(', '),
    });
  }
}

/**
 * A head fitted in JavaScript, before it becomes a stored tfjs model: enough for
 * callers that only need its probabilities (the active-learning committee,
 * suspect labels), which then never touch tfjs.
 */
export interface FittedHead {
  split: Split;
  history: EpochLog[];
  bestEpoch: number;
  stoppedEarly: boolean;
  classWeights: number[];
  options: TrainedHead['options'];
  /** The best epoch's weights with the standardisation folded in: a dense layer over raw embeddings (dim×k). */
  kernel: Float32Array;
  bias: Float32Array;
  /** The logits of kernel/bias are those of training divided by this (1: not calibrated). */
  temperature: number;
  /** n×k probabilities of raw embeddings (the best epoch's weights, no dropout, before calibration). */
  predict(rows: readonly Float32Array[]): Float32Array;
}

export async function fitHead(examples: readonly TrainingExample[], labels: readonly string[], options: TrainOptions = {}): Promise<FittedHead> {
  const opts = { ...TRAIN_DEFAULTS, ...stripUndefined(options) };
  const k = labels.length;
  const counts = labels.map((_, c) => examples.filter((e) => e.label === c).length);
  checkTrainable(labels, counts, opts.minPerLabel);
  const dim = examples[0].vector.length;

  const split = options.split ?? stratifiedGroupSplit(examples, { validationFraction: opts.validationFraction, seed: opts.seed });
  if (!split.validation.length) {
    throw new ApiError('invalid_input', 'Too few distinct images to hold out a validation set (near-duplicates are kept together); review more images.').translated('tooFewDistinct');
  }
  // Training side: every view of every training example (view 0 = the image itself);
  // validation: view 0 only. An epoch shows each training image once, as one of its
  // views picked at random — as an augmenting data generator does — so augmentation
  // varies what the head sees without multiplying the work per epoch.
  const trainViews = split.train.map((i) => [examples[i].vector, ...(examples[i].views ?? [])]);
  const trainY = split.train.map((i) => examples[i].label);
  const valY = split.validation.map((i) => examples[i].label);
  const trainCounts = labels.map((_, c) => split.train.filter((i) => examples[i].label === c).length);
  // Balanced weights: a label with few examples counts as much in the loss as a common one.
  const classWeights = trainCounts.map((n) => (n ? split.train.length / (k * n) : 0));

  const rand = seededRandom(opts.seed);
  // Train on standardised features (per-dimension z-scores from the training side and the feature pool):
  // backbone features differ in scale by orders of magnitude, which slows a linear head
  // down badly. The scaling is folded back into the stored weights at the end.
  const { mean, scale } = standardiser([...trainViews.flat(), ...(options.featurePool ?? [])], dim);
  const zViews = trainViews.map((views) => views.map((r) => standardise(r, mean, scale)));
  const net = softmaxTrainer({ dim, classes: k, learningRate: opts.learningRate, l2: opts.l2, dropout: opts.dropout, rand });
  const valRows = split.validation.map((i) => standardise(examples[i].vector, mean, scale));
  const sampleWeights = trainY.map((c) => classWeights[c]);
  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0, weights: net.snapshot() };
  let sinceImprovement = 0;
  let stoppedEarly = false;
  // Small sets are tiled so an epoch is at least MIN_STEPS optimiser steps; otherwise
  // 20 labels would get one step per epoch and early stopping would end an untrained head.
  const reps = Math.max(1, Math.ceil((MIN_STEPS * opts.batchSize) / trainY.length));
  const rowsPerEpoch = trainY.length * reps;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    if (options.signal?.aborted) throw new ApiError('cancelled', 'Training cancelled; the model registry is unchanged');
    const order = shuffled(Array.from({ length: rowsPerEpoch }, (_, i) => i % trainY.length), rand);
    let lossSum = 0;
    let correct = 0;
    for (let b = 0; b < rowsPerEpoch; b += opts.batchSize) {
      const idx = order.slice(b, b + opts.batchSize);
      const rows = idx.map((i) => zViews[i][zViews[i].length > 1 ? Math.floor(rand() * zViews[i].length) : 0]);
      const [l, c] = net.step(rows, idx.map((i) => trainY[i]), idx.map((i) => sampleWeights[i]));
      lossSum += l;
      correct += c;
    }
    const valProbs = net.predict(valRows);
    const valLoss = crossEntropy(valProbs, k, valY);
    const log: EpochLog = {
      epoch,
      loss: round4(lossSum / rowsPerEpoch),
      accuracy: round4(correct / rowsPerEpoch),
      valLoss: round4(valLoss),
      valAccuracy: round4(valY.filter((t, i) => argmaxRow(valProbs, k, i) === t).length / valY.length),
      learningRate: net.learningRate,
    };
    history.push(log);
    options.onEpoch?.(log);
    // Let cancel requests and progress events through between epochs.
    await new Promise((r) => setImmediate(r));
    if (valLoss < best.loss - 1e-4) {
      best = { loss: valLoss, epoch, weights: net.snapshot() };
      sinceImprovement = 0;
    } else {
      sinceImprovement++;
      if (sinceImprovement >= opts.patience) {
        stoppedEarly = epoch < opts.epochs;
        break;
      }
      if (sinceImprovement % opts.plateau === 0) net.learningRate /= 2;
    }
  }
  net.restore(best.weights);
  const temperature = options.calibrate ? fitTemperature(net.predict(valRows), k, valY) : 1;
  const folded = foldStandardisation(best.weights.kernel, best.weights.bias, mean, scale, k);
  // Dividing kernel and bias by T divides the logits by T: the calibration lives in the stored weights.
  const calibrated = { kernel: folded.kernel.map((w) => w / temperature), bias: folded.bias.map((b) => b / temperature) };
  return {
    split,
    history,
    bestEpoch: best.epoch,
    stoppedEarly,
    classWeights,
    options: {
      epochs: opts.epochs,
      batchSize: opts.batchSize,
      learningRate: opts.learningRate,
      dropout: opts.dropout,
      l2: opts.l2,
      patience: opts.patience,
      plateau: opts.plateau,
      seed: opts.seed,
      validationFraction: opts.validationFraction,
      minPerLabel: opts.minPerLabel,
    },
    temperature,
    ...calibrated,
    predict: (rows) => net.predict(rows.map((r) => standardise(r, mean, scale))),
  };
}

export async function trainHead(examples: readonly TrainingExample[], labels: readonly string[], options: TrainOptions = {}): Promise<TrainedHead> {
  const fitted = await fitHead(examples, labels, options);
  const { predict: _predict, kernel, bias, ...rest } = fitted;
  const dim = examples[0].vector.length;
  const model = linearHead(kernel, bias, { inputDim: dim, dropout: fitted.options.dropout, seed: fitted.options.seed });
  const rowsOf = (idx: readonly number[]) => ({ rows: idx.map((i) => examples[i].vector), truth: idx.map((i) => examples[i].label) });
  const { metrics, validationProbs } = headMetrics(model, labels, dim, rowsOf(fitted.split.train), rowsOf(fitted.split.validation));
  return { ...rest, model, labels: [...labels], metrics, validationProbs };
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
