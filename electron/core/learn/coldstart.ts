import { seededRandom } from '../random.js';
import { argmaxRow, normalised, squaredDistance } from './vectors.js';

/**
 * What to label next. A facet with no model starts from a small, diverse
 * batch (the items nearest to k-means centres over the embeddings, so the
 * first labels cover the whole collection rather than its commonest look);
 * once heads exist, the most informative items come first: those the
 * committee is least sure of and disagrees on most, spread out again with
 * k-means so one batch is not twenty photos of the same cloth.
 */

export interface KMeansResult {
  centres: Float32Array[];
  assignment: number[];
}

/** k-means with k-means++ seeding (seeded), Lloyd iterations until stable or `iterations`. */
export function kmeans(vectors: readonly Float32Array[], k: number, opts: { seed?: number; iterations?: number } = {}): KMeansResult {
  const n = vectors.length;
  if (k <= 0 || n === 0) return { centres: [], assignment: new Array<number>(n).fill(0) };
  k = Math.min(k, n);
  const rand = seededRandom(opts.seed ?? 1);
  const dim = vectors[0].length;
  const centres: Float32Array[] = [Float32Array.from(vectors[Math.floor(rand() * n)])];
  const nearest = vectors.map((v) => squaredDistance(v, centres[0]));
  while (centres.length < k) {
    const total = nearest.reduce((a, b) => a + b, 0);
    let pick = 0;
    if (total > 0) {
      let r = rand() * total;
      for (pick = 0; pick < n - 1; pick++) {
        r -= nearest[pick];
        if (r <= 0) break;
      }
    } else pick = Math.floor(rand() * n);
    const c = Float32Array.from(vectors[pick]);
    centres.push(c);
    vectors.forEach((v, i) => {
      nearest[i] = Math.min(nearest[i], squaredDistance(v, c));
    });
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let it = 0; it < (opts.iterations ?? 25); it++) {
    let changed = 0;
    vectors.forEach((v, i) => {
      let best = 0;
      let bestD = Infinity;
      centres.forEach((c, j) => {
        const d = squaredDistance(v, c);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      });
      if (assignment[i] !== best) changed++;
      assignment[i] = best;
    });
    if (!changed) break;
    const sums = centres.map(() => new Float64Array(dim));
    const counts = new Array<number>(k).fill(0);
    vectors.forEach((v, i) => {
      const s = sums[assignment[i]];
      for (let d = 0; d < dim; d++) s[d] += v[d];
      counts[assignment[i]]++;
    });
    // An emptied cluster keeps its old centre.
    sums.forEach((s, j) => {
      if (counts[j]) centres[j] = Float32Array.from(s, (x) => x / counts[j]);
    });
  }
  return { centres, assignment };
}

/** For each centre, the member nearest to it (ties and empty clusters skipped). */
function nearestMembers(vectors: readonly Float32Array[], res: KMeansResult, prefer?: readonly number[]): number[] {
  const picks: number[] = [];
  res.centres.forEach((c, j) => {
    let best = -1;
    let bestScore = Infinity;
    vectors.forEach((v, i) => {
      if (res.assignment[i] !== j) return;
      // With scores: the most informative member of the cluster; without: the one nearest the centre.
      const s = prefer ? -prefer[i] : squaredDistance(v, c);
      if (s < bestScore) {
        bestScore = s;
        best = i;
      }
    });
    if (best >= 0) picks.push(best);
  });
  return picks;
}

/** A diverse first batch: indices of `size` items spread over the embedding space. */
export function diverseBatch(vectors: readonly Float32Array[], size: number, seed = 1): number[] {
  const unit = vectors.map(normalised);
  return nearestMembers(unit, kmeans(unit, size, { seed })).sort((a, b) => a - b);
}

/**
 * How unsure a committee is about one item: 1 − margin between the top two
 * mean probabilities, plus the share of members that vote against the
 * majority. 0 = every member certain and agreeing.
 */
export function informativeness(memberProbs: readonly Float32Array[], k: number, i: number): number {
  const mean = new Float64Array(k);
  const votes = new Array<number>(k).fill(0);
  for (const p of memberProbs) {
    for (let j = 0; j < k; j++) mean[j] += p[i * k + j] / memberProbs.length;
    votes[argmaxRow(p, k, i)]++;
  }
  const sorted = [...mean].sort((a, b) => b - a);
  const margin = sorted[0] - (sorted[1] ?? 0);
  const disagreement = 1 - Math.max(...votes) / memberProbs.length;
  return 1 - margin + disagreement;
}

/**
 * The next `size` items to label: the most informative `poolFactor × size`
 * candidates, clustered, and the most informative member of each cluster.
 * `memberProbs` are n×k probabilities from each committee member over the
 * same n candidates. Returns candidate indices, most informative first.
 */
export function informativeBatch(
  vectors: readonly Float32Array[],
  memberProbs: readonly Float32Array[],
  k: number,
  size: number,
  opts: { seed?: number; poolFactor?: number } = {},
): { indices: number[]; scores: number[] } {
  const scores = vectors.map((_, i) => informativeness(memberProbs, k, i));
  const ranked = vectors.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const pool = ranked.slice(0, Math.min(ranked.length, size * (opts.poolFactor ?? 3)));
  const unit = pool.map((i) => normalised(vectors[i]));
  const picks = nearestMembers(unit, kmeans(unit, size, { seed: opts.seed }), pool.map((i) => scores[i])).map((p) => pool[p]);
  picks.sort((a, b) => scores[b] - scores[a] || a - b);
  return { indices: picks, scores: picks.map((i) => scores[i]) };
}
