import { seededRandom, shuffled } from '../random.js';
import { argmaxRow, normalised, packRows, squaredDistance } from './vectors.js';

/**
 * What to label next. A facet with no or few labels gets typical items of
 * the parts of the collection no label covers yet (typicalBatch: k-means over
 * everything, the densest member of the biggest uncovered cluster first), so
 * the first labels cover the whole collection rather than its commonest look;
 * later the most informative items come first: those the committee is least
 * sure of and disagrees on most, spread out again with k-means so one batch
 * is not twenty photos of the same cloth.
 */

export interface KMeansResult {
  centres: Float32Array[];
  assignment: number[];
}

/**
 * k-means with k-means++ seeding (seeded), Lloyd iterations until stable or `iterations`.
 * Rows and centres are packed end to end and distances are plain loops over them: with
 * thousands of items and a hundred centres this is most of a suggestion's time.
 */
export function kmeans(vectors: readonly Float32Array[], k: number, opts: { seed?: number; iterations?: number } = {}): KMeansResult {
  const n = vectors.length;
  if (k <= 0 || n === 0) return { centres: [], assignment: new Array<number>(n).fill(0) };
  k = Math.min(k, n);
  const rand = seededRandom(opts.seed ?? 1);
  const dim = vectors[0].length;
  const X = packRows(vectors, dim);
  const C = new Float32Array(k * dim);
  /** Squared distance between row i of X and centre j of C. */
  const dist = (i: number, j: number) => {
    const xo = i * dim;
    const co = j * dim;
    let s0 = 0;
    let s1 = 0;
    let d = 0;
    for (; d + 1 < dim; d += 2) {
      const a = X[xo + d] - C[co + d];
      const b = X[xo + d + 1] - C[co + d + 1];
      s0 += a * a;
      s1 += b * b;
    }
    if (d < dim) {
      const a = X[xo + d] - C[co + d];
      s0 += a * a;
    }
    return s0 + s1;
  };
  const first = Math.floor(rand() * n);
  C.set(X.subarray(first * dim, first * dim + dim), 0);
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) nearest[i] = dist(i, 0);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += nearest[i];
    let pick = 0;
    if (total > 0) {
      let r = rand() * total;
      for (pick = 0; pick < n - 1; pick++) {
        r -= nearest[pick];
        if (r <= 0) break;
      }
    } else pick = Math.floor(rand() * n);
    C.set(X.subarray(pick * dim, pick * dim + dim), c * dim);
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], dist(i, c));
  }
  const assignment = new Array<number>(n).fill(-1);
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let it = 0; it < (opts.iterations ?? 25); it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < k; j++) {
        const d = dist(i, j);
        if (d < bestD) {
          bestD = d;
          best = j;
        }
      }
      if (assignment[i] !== best) changed++;
      assignment[i] = best;
    }
    if (!changed) break;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const o = assignment[i] * dim;
      for (let d = 0; d < dim; d++) sums[o + d] += X[i * dim + d];
      counts[assignment[i]]++;
    }
    // An emptied cluster keeps its old centre.
    for (let j = 0; j < k; j++) if (counts[j]) for (let d = 0; d < dim; d++) C[j * dim + d] = sums[j * dim + d] / counts[j];
  }
  const centres = Array.from({ length: k }, (_, j) => C.slice(j * dim, (j + 1) * dim));
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

/** Neighbours that define how typical an item is (TypiClust uses 20). */
const TYPICALITY_NEIGHBOURS = 20;
/** Unlabelled items typicalBatch considers at most (a seeded sample beyond that). */
const MAX_TYPICAL_POOL = 5000;
/** Dimensions embeddings are projected to before clustering (keeps k-means with hundreds of centres fast). */
const PROJECTED_DIM = 128;

/** A seeded random Gaussian projection to `dim` dimensions (distances kept up to small distortion, Johnson–Lindenstrauss). */
function projector(from: number, dim: number, seed: number): (v: Float32Array) => Float32Array {
  if (from <= dim) return (v) => v;
  const rand = seededRandom(seed);
  const m = Float32Array.from({ length: from * dim }, () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand()) / Math.sqrt(dim));
  return (v) => {
    // Accumulated in float64, four input dimensions per pass over the output: a quarter of the
    // loads and stores of one at a time (this projection was half of a large catalogue's suggestion).
    const out = new Float64Array(dim);
    let i = 0;
    for (; i + 3 < from; i += 4) {
      const x0 = v[i];
      const x1 = v[i + 1];
      const x2 = v[i + 2];
      const x3 = v[i + 3];
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
      const o0 = i * dim;
      const o1 = o0 + dim;
      const o2 = o1 + dim;
      const o3 = o2 + dim;
      for (let j = 0; j < dim; j++) out[j] += x0 * m[o0 + j] + x1 * m[o1 + j] + x2 * m[o2 + j] + x3 * m[o3 + j];
    }
    for (; i < from; i++) {
      const x = v[i];
      if (x !== 0) for (let j = 0; j < dim; j++) out[j] += x * m[i * dim + j];
    }
    return Float32Array.from(out);
  };
}

/**
 * Typical, uncovered items (TypiClust, Hacohen et al. 2022, "Active learning on a
 * budget"): cluster everything, labelled or not, into |labelled| + size clusters;
 * take the clusters no label covers yet, biggest first (then, if the batch is not
 * full, clusters by members per label), and from each its most typical unlabelled member:
 * the one closest on average to its nearest neighbours in the cluster. With few
 * labels this beats asking about uncertain items, which on a web-collected set are
 * often the odd ones out (product photos, watermarks, doubtful labels).
 * Returns indices into `unlabelled`.
 */
export function typicalBatch(labelled: readonly Float32Array[], unlabelled: readonly Float32Array[], size: number, seed = 1): number[] {
  if (!unlabelled.length || size <= 0) return [];
  // A large catalogue is represented by a seeded sample, so a suggestion takes seconds, not minutes.
  const sample = unlabelled.length > MAX_TYPICAL_POOL ? shuffled(unlabelled.map((_, i) => i), seededRandom(seed)).slice(0, MAX_TYPICAL_POOL).sort((a, b) => a - b) : unlabelled.map((_, i) => i);
  const project = projector(unlabelled[0].length, PROJECTED_DIM, seed);
  const all = [...labelled, ...sample.map((i) => unlabelled[i])].map((v) => normalised(project(normalised(v))));
  const res = kmeans(all, Math.min(all.length, labelled.length + size), { seed, iterations: 15 });
  const k = res.centres.length;
  const members: number[][] = Array.from({ length: k }, () => []);
  res.assignment.forEach((c, i) => members[c].push(i));
  const covered = new Array<number>(k).fill(0);
  for (let i = 0; i < labelled.length; i++) covered[res.assignment[i]]++;
  const taken = new Set<number>();
  const picks: number[] = [];
  while (picks.length < size && taken.size < sample.length) {
    let best = -1;
    let bestScore = -Infinity;
    for (let c = 0; c < k; c++) {
      const free = members[c].filter((i) => i >= labelled.length && !taken.has(i)).length;
      if (!free) continue;
      // Uncovered clusters first, biggest first (TypiClust); once all are covered, spread by size per label.
      const score = covered[c] === 0 ? members[c].length * 1e6 : members[c].length / (1 + covered[c]);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best < 0) break;
    const pick = mostTypical(all, members[best], (i) => i >= labelled.length && !taken.has(i));
    taken.add(pick);
    covered[best]++;
    picks.push(sample[pick - labelled.length]);
  }
  return picks;
}

/** The eligible member with the smallest mean distance to its nearest neighbours within the cluster. */
function mostTypical(all: readonly Float32Array[], cluster: readonly number[], eligible: (i: number) => boolean): number {
  const m = Math.min(TYPICALITY_NEIGHBOURS, cluster.length - 1);
  let best = -1;
  let bestMean = Infinity;
  for (const i of cluster) {
    if (!eligible(i)) continue;
    if (m <= 0) return i;
    const d = cluster.filter((j) => j !== i).map((j) => Math.sqrt(squaredDistance(all[i], all[j])));
    d.sort((a, b) => a - b);
    const mean = d.slice(0, m).reduce((a, b) => a + b, 0) / m;
    if (mean < bestMean) {
      bestMean = mean;
      best = i;
    }
  }
  return best;
}
