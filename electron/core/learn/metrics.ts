/**
 * Evaluation metrics over label indices, measured on held-out items:
 * accuracy, per-class precision/recall/F1 and the confusion matrix, in the
 * shape the model manifest stores (perClass keyed by label key).
 */

export interface PerClass {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalMetrics {
  accuracy: number;
  labels: string[];
  /** confusion[i][j]: items of true label i predicted as label j. */
  confusion: number[][];
  perClass: Record<string, PerClass>;
  /** Number of items evaluated. */
  n: number;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

export function computeMetrics(labels: readonly string[], truth: readonly number[], predicted: readonly number[]): EvalMetrics {
  if (truth.length !== predicted.length) throw new Error(`${truth.length} true labels but ${predicted.length} predictions`);
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => confusion[t][predicted[i]]++);
  const correct = confusion.reduce((s, row, i) => s + row[i], 0);
  const perClass: Record<string, PerClass> = {};
  labels.forEach((label, i) => {
    const tp = confusion[i][i];
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((s, row) => s + row[i], 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision: round4(precision), recall: round4(recall), f1: round4(f1), support };
  });
  return { accuracy: truth.length ? round4(correct / truth.length) : 0, labels: [...labels], confusion, perClass, n: truth.length };
}

/** Mean categorical cross-entropy of n×k probabilities against true indices. */
export function crossEntropy(probs: Float32Array, k: number, truth: readonly number[]): number {
  if (!truth.length) return 0;
  let s = 0;
  truth.forEach((t, i) => {
    s -= Math.log(Math.max(probs[i * k + t], 1e-7));
  });
  return s / truth.length;
}
