import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../common/errors.js';
import { embedMaps } from '../classify/backbone.js';
import { EMBEDDING_DIM, POOLED_DIM, TOP_INPUT_DIM } from '../classify/backbone-info.js';
import { TOP_IN, type TopBlock } from '../classify/top-block.js';
import { seededRandom, shuffled } from '../random.js';
import type { Split } from '../split.js';
import { standardiser } from './standardise.js';
import { packRows } from './vectors.js';

/**
 * Fine-tuning of the backbone's top block together with the head, the second
 * stage of the usual transfer-learning recipe: first the head alone on frozen
 * features (train.ts), then the top block (`Conv_1`, 410k weights) and the
 * head together at a small learning rate, from block 16's cached output so no
 * image is decoded twice. Everything below block 16 stays frozen.
 *
 * Epoch 0 is the starting point (the head-only model): if no epoch beats its
 * validation loss, the result is that model unchanged (`improved: false`), so
 * fine-tuning can never hand back something worse on the validation split
 * than not fine-tuning.
 *
 * Runs on the selected TensorFlow.js backend: seconds per epoch with tfjs-node,
 * about half a minute per epoch for 600 images on wasm.
 */

export interface FineTuneExample {
  /** Block 16's output (TOP_INPUT_DIM floats) for view 0, then for each augmented view. */
  inputs: readonly Float32Array[];
  label: number;
}

export interface FineTuneStart {
  top: TopBlock;
  /** The head over raw embeddings: kernel EMBEDDING_DIM×k (row-major), bias k. */
  headKernel: Float32Array;
  headBias: Float32Array;
}

export interface FineTuneEpoch {
  epoch: number;
  /** Training loss and accuracy (null for epoch 0, the starting point). */
  loss: number | null;
  accuracy: number | null;
  valLoss: number;
  valAccuracy: number;
}

export interface FineTuneOptions {
  split: Split;
  /** Per-label loss weights (balanced, as for the head). */
  classWeights: readonly number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Epochs without validation-loss improvement before stopping. */
  patience?: number;
  seed?: number;
  onEpoch?: (log: FineTuneEpoch) => void;
  signal?: AbortSignal;
}

export const FINE_TUNE_DEFAULTS = { epochs: 12, batchSize: 32, learningRate: 1e-4, patience: 3, seed: 20240917 } as const;

export interface FineTuned extends FineTuneStart {
  /** Epoch 0 (the start) first. */
  history: FineTuneEpoch[];
  bestEpoch: number;
  improved: boolean;
  options: { epochs: number; batchSize: number; learningRate: number; patience: number; seed: number };
}

const CHUNK = 64;

export async function fineTuneTop(examples: readonly FineTuneExample[], classes: number, start: FineTuneStart, options: FineTuneOptions): Promise<FineTuned> {
  const opts = { ...FINE_TUNE_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof FINE_TUNE_DEFAULTS & FineTuneOptions;
  const { split } = opts;
  if (!split.train.length || !split.validation.length) throw new ApiError('invalid_input', 'Fine-tuning needs images on both sides of the split');
  for (const e of examples) {
    if (!e.inputs.length || e.inputs.some((x) => x.length !== TOP_INPUT_DIM)) throw new Error(`fine-tuning inputs must be block 16's output (${TOP_INPUT_DIM} floats per view)`);
  }
  const maps = (rows: readonly Float32Array[]) => tf.tensor4d(packRows(rows, TOP_INPUT_DIM), [rows.length, 7, 7, TOP_IN]);
  // Both parts are trained in standardised coordinates and folded back at the end. Adam moves
  // every weight by about the learning rate whatever its scale, and the embedding's parts
  // (pooled activations, channel means and deviations) live on very different scales: the head
  // reads z-scores, and each top-block output channel's weights are divided by that channel's
  // spread, so one step moves every z-score about equally (unscaled, a channel with a tiny
  // spread turned the first step into a jump). At the start the function is exactly the
  // head-only model's.
  const stats = standardiser(await topEmbeddings(split.train.map((i) => examples[i].inputs[0]), start.top), EMBEDDING_DIM);
  const mean = tf.tensor1d(Float32Array.from(stats.mean));
  const scale = tf.tensor1d(Float32Array.from(stats.scale));
  const pooledScale = tf.slice(scale, [0], [POOLED_DIM]);
  const topStart = tf.tidy(() => ({
    kernel: tf.mul(tf.tensor2d(start.top.kernel, [TOP_IN, POOLED_DIM]), pooledScale),
    bias: tf.mul(tf.tensor1d(start.top.bias), pooledScale),
  }));
  const kernelZ = tf.variable(topStart.kernel);
  const biasZ = tf.variable(topStart.bias);
  tf.dispose([topStart.kernel, topStart.bias]);
  const rawTop = () => [tf.div(kernelZ, pooledScale) as tf.Tensor2D, tf.div(biasZ, pooledScale) as tf.Tensor1D] as const;
  const headStart = tf.tidy(() => {
    const raw = tf.tensor2d(start.headKernel, [EMBEDDING_DIM, classes]);
    return { kernel: tf.div(raw, tf.reshape(scale, [-1, 1])), bias: tf.add(tf.tensor1d(start.headBias), tf.squeeze(tf.matMul(tf.reshape(mean, [1, -1]), raw))) };
  });
  const hk = tf.variable(headStart.kernel);
  const hb = tf.variable(headStart.bias);
  tf.dispose([headStart.kernel, headStart.bias]);
  const vars = [kernelZ, biasZ, hk, hb];
  const optimizer = tf.train.adam(opts.learningRate);
  const rand = seededRandom(opts.seed);

  const logits = (rows: readonly Float32Array[]) => {
    const [kernel, bias] = rawTop();
    const z = tf.mul(tf.sub(embedMaps(maps(rows), kernel, bias), mean), scale);
    return tf.add(tf.matMul(z, hk), hb) as tf.Tensor2D;
  };
  /** The head over raw embeddings: W = Wz·s per row, b = bz − μ·W. */
  const rawHead = () =>
    tf.tidy(() => {
      const k = tf.mul(hk, tf.reshape(scale, [-1, 1]));
      return [k, tf.sub(hb, tf.squeeze(tf.matMul(tf.reshape(mean, [1, -1]), k)))] as const;
    });
  const lossOf = (rows: readonly Float32Array[], labels: readonly number[]) => {
    const y = tf.oneHot(tf.tensor1d([...labels], 'int32'), classes);
    const w = tf.tensor1d(labels.map((c) => opts.classWeights[c] ?? 1));
    return tf.losses.softmaxCrossEntropy(y, logits(rows), w) as tf.Scalar;
  };
  /** Unweighted loss (as the head's validation loss in train.ts) and accuracy on view 0 of some examples. */
  const evaluate = async (idx: readonly number[]): Promise<{ loss: number; accuracy: number }> => {
    let loss = 0;
    let correct = 0;
    for (let b = 0; b < idx.length; b += CHUNK) {
      const part = idx.slice(b, b + CHUNK);
      const labels = part.map((i) => examples[i].label);
      const [l, pred] = tf.tidy(() => {
        const z = logits(part.map((i) => examples[i].inputs[0]));
        const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
        return [tf.mul(tf.losses.softmaxCrossEntropy(y, z), part.length), tf.argMax(z, 1)];
      });
      loss += (await l.data())[0];
      const p = await pred.data();
      correct += labels.filter((c, i) => p[i] === c).length;
      tf.dispose([l, pred]);
    }
    return idx.length ? { loss: loss / idx.length, accuracy: correct / idx.length } : { loss: 0, accuracy: 0 };
  };
  const validation = () => evaluate(split.validation);
  const snapshot = () => {
    const [k, b] = rawHead();
    const [tk, tb] = rawTop();
    const out = {
      top: { kernel: tk.dataSync() as Float32Array, bias: tb.dataSync() as Float32Array },
      headKernel: k.dataSync().slice() as Float32Array,
      headBias: b.dataSync().slice() as Float32Array,
    };
    tf.dispose([k, b, tk, tb]);
    return out;
  };

  try {
    const v0 = await validation();
    const history: FineTuneEpoch[] = [{ epoch: 0, loss: null, accuracy: null, valLoss: round4(v0.loss), valAccuracy: round4(v0.accuracy) }];
    opts.onEpoch?.(history[0]);
    let best = { loss: v0.loss, epoch: 0, weights: { top: start.top, headKernel: start.headKernel, headBias: start.headBias } };
    let since = 0;
    for (let epoch = 1; epoch <= opts.epochs; epoch++) {
      if (opts.signal?.aborted) throw new ApiError('cancelled', 'Training cancelled; the model registry is unchanged');
      const order = shuffled(split.train, rand);
      let lossSum = 0;
      for (let b = 0; b < order.length; b += opts.batchSize) {
        const part = order.slice(b, b + opts.batchSize);
        // One view per image per step, picked at random, as for the head.
        const rows = part.map((i) => examples[i].inputs[Math.floor(rand() * examples[i].inputs.length)]);
        const loss = optimizer.minimize(() => lossOf(rows, part.map((i) => examples[i].label)), true, vars)!;
        lossSum += (await loss.data())[0] * part.length;
        loss.dispose();
        await new Promise((r) => setImmediate(r)); // cancel requests and progress events get through
        if (opts.signal?.aborted) throw new ApiError('cancelled', 'Training cancelled; the model registry is unchanged');
      }
      const trainAcc = (await evaluate(order.slice(0, Math.min(order.length, 256)))).accuracy;
      const v = await validation();
      const log = { epoch, loss: round4(lossSum / order.length), accuracy: round4(trainAcc), valLoss: round4(v.loss), valAccuracy: round4(v.accuracy) };
      history.push(log);
      opts.onEpoch?.(log);
      if (v.loss < best.loss - 1e-4) {
        best = { loss: v.loss, epoch, weights: snapshot() };
        since = 0;
      } else if (++since >= opts.patience) break;
    }
    return {
      ...best.weights,
      history,
      bestEpoch: best.epoch,
      improved: best.epoch > 0,
      options: { epochs: opts.epochs, batchSize: opts.batchSize, learningRate: opts.learningRate, patience: opts.patience, seed: opts.seed },
    };
  } finally {
    tf.dispose([...vars, mean, scale, pooledScale]);
    optimizer.dispose();
  }

}

/** Embeddings of block-16 outputs through a top block (for caching and for the head's metrics). */
export async function topEmbeddings(inputs: readonly Float32Array[], top: TopBlock): Promise<Float32Array[]> {
  const kernel = tf.tensor2d(top.kernel, [TOP_IN, POOLED_DIM]);
  const bias = tf.tensor1d(top.bias);
  const out: Float32Array[] = [];
  try {
    for (let b = 0; b < inputs.length; b += CHUNK) {
      const part = inputs.slice(b, b + CHUNK);
      const e = tf.tidy(() => embedMaps(tf.tensor4d(packRows(part, TOP_INPUT_DIM), [part.length, 7, 7, TOP_IN]), kernel, bias));
      const d = (await e.data()) as Float32Array;
      e.dispose();
      for (let i = 0; i < part.length; i++) out.push(d.slice(i * EMBEDDING_DIM, (i + 1) * EMBEDDING_DIM));
    }
  } finally {
    tf.dispose([kernel, bias]);
  }
  return out;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;
