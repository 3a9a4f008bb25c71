/** How far `got` is from `want`, element by element: the largest difference, and the largest magnitude of `want` (so a test can tell real features from zeros). */
export function vectorGap(want: ArrayLike<number>, got: ArrayLike<number>): { maxDiff: number; maxAbs: number } {
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < want.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
    maxAbs = Math.max(maxAbs, Math.abs(want[i]));
  }
  return { maxDiff, maxAbs };
}
