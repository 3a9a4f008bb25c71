/**
 * Seeded randomness: training splits, shuffles, k-means starts and
 * tie-breaks, the training-data export split, and the benchmarks' synthetic
 * data all go through this one generator, so the same seed and the same data
 * give the same model, split or benchmark catalogue on every run and platform.
 */

/** mulberry32: a tiny, fast, well-mixed 32-bit generator. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
