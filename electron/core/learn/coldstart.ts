import { seededRandom, shuffled } from '../random.js';
import { argmaxRow, normalised, squaredDistance } from './vectors.js';

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
    const out = new Float32Array(dim);
    for (let i = 0; i < from; i++) {
      const x = v[i];
      if (x === 0) continue;
      for (let j = 0; j < dim; j++) out[j] += x * m[i * dim + j];
    }
    return out;
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
