/** Mean categorical cross-entropy of n×k probabilities against true indices. */
export function crossEntropy(probs: Float32Array, k: number, truth: readonly number[]): number {
  if (!truth.length) return 0;
  let s = 0;
  truth.forEach((t, i) => {
    s -= Math.log(Math.max(probs[i * k + t], 1e-7));
  });
  return s / truth.length;
}
