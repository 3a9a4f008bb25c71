import { seededRandom } from '../../../electron/core/random.js';

/** Box–Muller normal from a seeded uniform. */
function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface Cluster {
  vectors: Float32Array[];
  labels: number[];
  centres: Float32Array[];
}

/**
 * k Gaussian clusters in `dim` dimensions: centres drawn at distance ~`spread`,
 * points with unit noise. Deterministic for a seed.
 */
export function gaussianClusters(opts: { k: number; perCluster: number | number[]; dim: number; spread?: number; noise?: number; seed?: number }): Cluster {
  const rand = seededRandom(opts.seed ?? 7);
  const spread = opts.spread ?? 4;
  const noise = opts.noise ?? 1;
  const centres = Array.from({ length: opts.k }, () => Float32Array.from({ length: opts.dim }, () => normal(rand) * spread / Math.sqrt(opts.dim) * 3));
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < opts.k; c++) {
    const n = Array.isArray(opts.perCluster) ? opts.perCluster[c] : opts.perCluster;
    for (let i = 0; i < n; i++) {
      vectors.push(Float32Array.from(centres[c], (x) => x + normal(rand) * noise / Math.sqrt(opts.dim) * 3));
      labels.push(c);
    }
  }
  return { vectors, labels, centres };
}
