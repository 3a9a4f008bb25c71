import { describe, expect, it } from 'vitest';
import { informativeBatch, kmeans, typicalBatch } from '../../../electron/core/learn/coldstart.js';
import { nextBatch, TYPICAL_UNTIL } from '../../../electron/core/learn/active.js';
import { trainCommittee } from '../../../electron/core/learn/committee.js';
import { nearestNeighbours } from '../../../electron/core/learn/similar.js';
import { stratifiedGroupSplit } from '../../../electron/core/split.js';
import { findSuspects } from '../../../electron/core/learn/suspects.js';
import { checkTrainable, trainHead } from '../../../electron/core/learn/train.js';
import { seededRandom } from '../../../electron/core/random.js';
import { squaredDistance } from '../../../electron/core/learn/vectors.js';
import { gaussianClusters } from './fixtures.js';

describe('stratifiedGroupSplit', () => {
  it('holds out ~20% of every label and never splits a near-duplicate group', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ label: i % 4, group: i < 40 ? Math.floor(i / 8) : null }));
    const s = stratifiedGroupSplit(items, { seed: 3 });
    expect(s.train.length + s.validation.length).toBe(200);
    for (let c = 0; c < 4; c++) {
      const n = s.validation.filter((i) => items[i].label === c).length;
      expect(n).toBeGreaterThanOrEqual(7);
      expect(n).toBeLessThanOrEqual(14);
    }
    const side = new Map<number, string>();
    for (const [name, idx] of Object.entries(s)) {
      for (const i of idx as number[]) {
        const g = items[i].group;
        if (g === null) continue;
        expect(side.get(g) ?? name).toBe(name);
        side.set(g, name);
      }
    }
    expect(stratifiedGroupSplit(items, { seed: 3 })).toEqual(s);
    expect(stratifiedGroupSplit(items, { seed: 4 })).not.toEqual(s);
  });
});

describe('bad input', () => {
  it('names the labels that are short of examples', () => {
    expect(() => checkTrainable(['flora', 'fauna', 'budaya'], [9, 2, 0], 5)).toThrow(/"fauna" has 2 \(needs 3 more\), "budaya" has 0 \(needs 5 more\)/);
  });
  it('refuses a single label', async () => {
    const { vectors } = gaussianClusters({ k: 1, perCluster: 20, dim: 8 });
    await expect(trainHead(vectors.map((vector) => ({ vector, label: 0, group: null })), ['flora', 'fauna'])).rejects.toThrow(
      /at least two labels, but only "flora" has reviewed examples/,
    );
  });
  it('refuses when nothing is reviewed', () => {
    expect(() => checkTrainable(['flora', 'fauna'], [0, 0], 5)).toThrow(/no label has reviewed examples/);
  });
});

describe('cold start', () => {
  it('a first batch of typical items covers every cluster of the embedding space', () => {
    // 6 clusters of very different sizes: random picks would mostly hit the big ones.
    const { vectors, labels } = gaussianClusters({ k: 6, perCluster: [300, 150, 40, 20, 10, 6], dim: 24, spread: 5, noise: 0.5, seed: 5 });
    const batch = typicalBatch([], vectors, 12, 1);
    expect(batch).toHaveLength(12);
    expect(new Set(batch).size).toBe(12);
    expect(new Set(batch.map((i) => labels[i])).size).toBe(6);
    expect(typicalBatch([], vectors, 12, 1)).toEqual(batch);
  });

  it('next asks about the parts no label covers yet, and their typical items rather than outliers', () => {
    const { vectors, labels, centres } = gaussianClusters({ k: 4, perCluster: [60, 60, 30, 30], dim: 16, spread: 5, noise: 0.5, seed: 8 });
    // Clusters 0 and 1 are well labelled already; 2 and 3 not at all.
    const labelledIdx = vectors.map((_, i) => i).filter((i) => labels[i] < 2 && i % 3 === 0);
    const rest = vectors.map((_, i) => i).filter((i) => !labelledIdx.includes(i));
    const batch = typicalBatch(labelledIdx.map((i) => vectors[i]), rest.map((i) => vectors[i]), 2, 3);
    for (const j of batch) expect(labels[rest[j]]).toBeGreaterThanOrEqual(2);
    // Each pick is among the items nearest its cluster's centre, not at its edge.
    for (const j of batch) {
      const c = labels[rest[j]];
      const own = rest.filter((i) => labels[i] === c).map((i) => squaredDistance(vectors[i], centres[c])).sort((a, b) => a - b);
      expect(squaredDistance(vectors[rest[j]], centres[c])).toBeLessThanOrEqual(own[Math.floor(own.length / 2)]);
    }
  });

  it('the loop asks typical items until TYPICAL_UNTIL labels, then what the committee is least sure of', async () => {
    const { vectors, labels } = gaussianClusters({ k: 2, perCluster: 80, dim: 8, spread: 3, noise: 0.8, seed: 2 });
    const few = [0, 1, 2, 80, 81, 82].map((i) => ({ vector: vectors[i], label: labels[i], group: null }));
    expect((await nextBatch(few, vectors.slice(100), ['a', 'b'], 5)).mode).toBe('diverse');
    const many = vectors.slice(0, TYPICAL_UNTIL).map((v, i) => ({ vector: v, label: labels[i], group: null }));
    many.push(...vectors.slice(80, 90).map((v, i) => ({ vector: v, label: labels[80 + i], group: null })));
    const later = await nextBatch(many, vectors.slice(120), ['a', 'b'], 5);
    expect(later.mode).toBe('informative');
    expect(later.scores).toHaveLength(5);
  });

  it('k-means recovers well separated clusters', () => {
    const { vectors, labels } = gaussianClusters({ k: 3, perCluster: 30, dim: 8, spread: 6, noise: 0.3, seed: 9 });
    const { assignment } = kmeans(vectors, 3, { seed: 2 });
    // Each true cluster maps to one k-means cluster.
    for (let c = 0; c < 3; c++) expect(new Set(assignment.filter((_, i) => labels[i] === c)).size).toBe(1);
  });

  it('asks next about the items between clusters, not those deep inside one', async () => {
    const { vectors, labels, centres } = gaussianClusters({ k: 2, perCluster: 60, dim: 16, spread: 3, noise: 0.6, seed: 21 });
    const labelled = [0, 1, 2, 3, 4, 5, 60, 61, 62, 63, 64, 65];
    const committee = await trainCommittee(
      labelled.map((i) => ({ vector: vectors[i], label: labels[i], group: null })),
      ['a', 'b'],
      { minPerLabel: 2, epochs: 30 },
    );
    // Unlabelled: the rest plus 10 points on the midpoint between the two centres.
    const rand = seededRandom(4);
    const mid = Array.from({ length: 10 }, () => Float32Array.from(centres[0], (x, d) => (x + centres[1][d]) / 2 + (rand() - 0.5) * 1.2));
    const pool = [...vectors.filter((_, i) => !labelled.includes(i)), ...mid];
    const probs = committee.predict(pool);
    committee.dispose();
    const { indices } = informativeBatch(pool, probs, 2, 5, { seed: 1, poolFactor: 2 });
    expect(indices).toHaveLength(5);
    const midStart = pool.length - mid.length;
    expect(indices[0]).toBeGreaterThanOrEqual(midStart);
    expect(indices.every((i) => i >= midStart)).toBe(true);
  });
});

describe('suspect labels', () => {
  it('finds planted label errors and few false alarms', async () => {
    const { vectors, labels } = gaussianClusters({ k: 3, perCluster: 40, dim: 16, spread: 3, noise: 0.7, seed: 13 });
    const planted = [3, 17, 45, 70, 99, 110];
    const given = labels.map((l, i) => (planted.includes(i) ? (l + 1) % 3 : l));
    const committee = await trainCommittee(
      vectors.map((vector, i) => ({ vector, label: given[i], group: null })),
      ['x', 'y', 'z'],
      { folds: 4, epochs: 40, minPerLabel: 3 },
    );
    const suspects = findSuspects(committee.outOfFold, 3, given);
    committee.dispose();
    const found = suspects.map((s) => s.index);
    expect(planted.filter((i) => found.includes(i)).length).toBeGreaterThanOrEqual(5);
    expect(found.filter((i) => !planted.includes(i)).length).toBeLessThanOrEqual(2);
    for (const s of suspects.filter((s) => planted.includes(s.index))) expect(s.predicted).toBe(labels[s.index]);
  });
});

describe('the committee (suggested next, suspect labels)', () => {
  it('trains each member at most 15 epochs by default (a suggestion or suspect search takes seconds)', async () => {
    // Heavily overlapping clusters: the full training recipe (60 epochs, patience 8) runs 64 epochs on these.
    const { vectors, labels } = gaussianClusters({ k: 3, perCluster: 100, dim: 32, spread: 3, noise: 3, seed: 5 });
    const committee = await trainCommittee(vectors.map((vector, i) => ({ vector, label: labels[i], group: null })), ['x', 'y', 'z'], { folds: 3, minPerLabel: 3 });
    expect(committee.epochs).toBeGreaterThan(3);
    expect(committee.epochs).toBeLessThanOrEqual(3 * 15);
    committee.dispose();
  });

  it('trained briefly, still finds planted label errors and predicts new items without tfjs', async () => {
    const { vectors, labels } = gaussianClusters({ k: 3, perCluster: 60, dim: 64, spread: 3, noise: 1.4, seed: 5 });
    const planted = [4, 25, 70, 100, 130, 170];
    const given = labels.map((l, i) => (planted.includes(i) ? (l + 1) % 3 : l));
    const committee = await trainCommittee(vectors.map((vector, i) => ({ vector, label: given[i], group: null })), ['x', 'y', 'z'], { folds: 3, minPerLabel: 3 });
    const found = findSuspects(committee.outOfFold, 3, given).map((s) => s.index);
    expect(planted.filter((i) => found.includes(i)).length).toBeGreaterThanOrEqual(4);
    const probs = committee.predict(vectors.slice(0, 5));
    expect(probs).toHaveLength(3);
    for (const p of probs) {
      expect(p).toHaveLength(5 * 3);
      for (let i = 0; i < 5; i++) expect(p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2]).toBeCloseTo(1, 5);
    }
    committee.dispose();
  });
});

describe('similar images', () => {
  it('returns the nearest neighbours by cosine, most similar first', () => {
    const m = new Map<number, Float32Array>([
      [1, Float32Array.from([1, 0, 0])],
      [2, Float32Array.from([0.9, 0.1, 0])],
      [3, Float32Array.from([0, 1, 0])],
      [4, Float32Array.from([2, 0.05, 0])],
    ]);
    const r = nearestNeighbours(m.get(1)!, m, 2, new Set([1]));
    expect(r.map((x) => x.id)).toEqual([4, 2]);
    expect(r[0].similarity).toBeGreaterThan(r[1].similarity);
  });
});
