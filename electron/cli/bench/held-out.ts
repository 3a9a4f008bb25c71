import type * as tf from '@tensorflow/tfjs';
import { argmaxRow, packRows } from '../../core/learn/vectors.js';
import { predictHead } from '../../core/models/head.js';

/**
 * Share of held-out rows a head classifies correctly: the one score every
 * learning benchmark reports. `classOf` maps the head's output index to the
 * dataset's label index (a head trained on only the labels seen so far has
 * fewer outputs); identity by default.
 */
export function heldOutAccuracy(
  model: tf.LayersModel,
  rows: readonly Float32Array[],
  truth: readonly number[],
  opts: { classes: number; classOf?: (output: number) => number },
): number {
  if (!rows.length) return 0;
  const probs = predictHead(model, packRows(rows, rows[0].length), rows.length);
  const classOf = opts.classOf ?? ((c: number) => c);
  return truth.filter((t, i) => classOf(argmaxRow(probs, opts.classes, i)) === t).length / truth.length;
}

/** Mean and rounding as the benchmarks print them (fractions to 4 places). */
export const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
