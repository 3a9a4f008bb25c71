import { argmaxRow } from './vectors.js';

/**
 * Suspect labels: reviewed items whose label a model that never saw them
 * (out-of-fold, see committee.ts) finds very unlikely while confidently
 * preferring another label. A wrong label teaches the next model the wrong
 * thing, so these are worth a second look before training.
 */
export interface Suspect {
  /** Index into the examples. */
  index: number;
  given: number;
  predicted: number;
  /** Out-of-fold probability of the given label. */
  givenProbability: number;
  predictedProbability: number;
}

export function findSuspects(
  outOfFold: Float32Array,
  k: number,
  given: readonly number[],
  opts: { maxGivenProbability?: number; minPredictedProbability?: number } = {},
): Suspect[] {
  const maxGiven = opts.maxGivenProbability ?? 0.2;
  const minPredicted = opts.minPredictedProbability ?? 0.5;
  const out: Suspect[] = [];
  given.forEach((g, i) => {
    const predicted = argmaxRow(outOfFold, k, i);
    const givenProbability = outOfFold[i * k + g];
    const predictedProbability = outOfFold[i * k + predicted];
    if (predicted !== g && givenProbability <= maxGiven && predictedProbability >= minPredicted) {
      out.push({ index: i, given: g, predicted, givenProbability, predictedProbability });
    }
  });
  // Strongest disagreement first.
  return out.sort((a, b) => a.givenProbability - b.givenProbability || b.predictedProbability - a.predictedProbability || a.index - b.index);
}
