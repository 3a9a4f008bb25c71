import type * as tf from '@tensorflow/tfjs';
import { computeMetrics, type EvalMetrics } from '../classify/metrics.js';
import { predictHead } from '../models/head.js';
import { argmaxRow, packRows } from './vectors.js';

/**
 * Train and validation metrics of a stored tfjs head, computed from the head
 * itself (not the trainer's working copy) so they describe exactly what is
 * saved. Shared by head training and the fine-tuning stage.
 */
export function headMetrics(
  model: tf.LayersModel,
  labels: readonly string[],
  dim: number,
  train: { rows: readonly Float32Array[]; truth: readonly number[] },
  validation: { rows: readonly Float32Array[]; truth: readonly number[] },
): { metrics: { train: EvalMetrics; validation: EvalMetrics }; validationProbs: Float32Array } {
  const k = labels.length;
  const predict = (rows: readonly Float32Array[]) => {
    const probs = predictHead(model, packRows(rows, dim), rows.length);
    return { probs, pred: rows.map((_, i) => argmaxRow(probs, k, i)) };
  };
  const tr = predict(train.rows);
  const va = predict(validation.rows);
  return {
    metrics: { train: computeMetrics(labels, train.truth, tr.pred), validation: computeMetrics(labels, validation.truth, va.pred) },
    validationProbs: va.probs,
  };
}
