/**
 * Temperature scaling (Guo et al., 2017): one number T that divides a head's
 * logits so its confidence matches how often it is right on images it did
 * not train on. A head trained on a handful of examples per label separates
 * them perfectly and says 97–100 % about everything; T > 1 softens that
 * without changing any prediction. T is fitted by the negative
 * log-likelihood on held-out predictions, and never below 1: a small
 * held-out set that happens to be all right must not make a head surer.
 */

export const MAX_TEMPERATURE = 20;

/** The T ≥ 1 that minimises the held-out negative log-likelihood of probs (n×k row-major; log-probabilities are logits up to a row constant). */
export function fitTemperature(probs: Float32Array, k: number, truth: readonly number[]): number {
  const n = truth.length;
  if (!n) return 1;
  const logp = Float64Array.from(probs, (p) => Math.log(Math.max(p, 1e-12)));
  const nll = (t: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, logp[i * k + j] / t);
      let z = 0;
      for (let j = 0; j < k; j++) z += Math.exp(logp[i * k + j] / t - max);
      sum -= logp[i * k + truth[i]] / t - max - Math.log(z);
    }
    return sum / n;
  };
  // The loss is smooth and unimodal in log T: a fine log-spaced grid is plenty for one parameter.
  let best = 1;
  let bestLoss = nll(1);
  for (let s = 1; s <= 400; s++) {
    const t = Math.exp((Math.log(MAX_TEMPERATURE) * s) / 400);
    const loss = nll(t);
    if (loss < bestLoss - 1e-9) {
      best = t;
      bestLoss = loss;
    }
  }
  return Math.round(best * 1000) / 1000;
}
