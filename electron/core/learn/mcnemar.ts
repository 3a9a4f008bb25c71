/**
 * McNemar's exact test for two classifiers scored on the same images: only
 * the images exactly one of them gets right say anything about which is
 * better. Under "equally good", each of those n images is a fair coin, so the
 * two-sided p-value is the binomial tail of the smaller count, doubled. Used
 * so a comparison on a handful of images is not read as a verdict.
 */
export function mcnemarExact(onlyA: number, onlyB: number): number {
  const n = onlyA + onlyB;
  if (n === 0) return 1;
  const k = Math.min(onlyA, onlyB);
  // Sum C(n, i) / 2^n for i <= k in log space (n can be thousands).
  let logC = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}
