import { describe, expect, it } from 'vitest';
import { trainHead, type TrainingExample } from '../../../electron/core/learn/train.js';
import { serialiseHead } from '../../../electron/core/models/head.js';
import { gaussianClusters } from './fixtures.js';

const LABELS = ['arsitektur', 'budaya', 'fauna'];

function examples(seed = 7): TrainingExample[] {
  const { vectors, labels } = gaussianClusters({ k: 3, perCluster: [40, 25, 15], dim: 32, spread: 3, seed });
  return vectors.map((vector, i) => ({ vector, label: labels[i], group: null }));
}

describe('trainHead', () => {
  it('learns separable clusters and reports held-out metrics', async () => {
    const r = await trainHead(examples(), LABELS, { epochs: 30 });
    try {
      expect(r.split.validation.length).toBeGreaterThan(10);
      expect(r.metrics.validation.accuracy).toBeGreaterThan(0.9);
      expect(r.metrics.validation.confusion).toHaveLength(3);
      expect(Object.keys(r.metrics.validation.perClass)).toEqual(LABELS);
      expect(r.history.length).toBeGreaterThan(0);
      expect(r.history[0]).toMatchObject({ epoch: 1 });
    } finally {
      r.model.dispose();
    }
  });

  it('gives byte-identical weights for the same seed, different ones for another seed', async () => {
    const a = await trainHead(examples(), LABELS, { epochs: 8, seed: 11 });
    const b = await trainHead(examples(), LABELS, { epochs: 8, seed: 11 });
    const c = await trainHead(examples(), LABELS, { epochs: 8, seed: 12 });
    const [wa, wb, wc] = await Promise.all([a, b, c].map((r) => serialiseHead(r.model)));
    [a, b, c].forEach((r) => r.model.dispose());
    expect(wa.weights.equals(wb.weights)).toBe(true);
    expect(a.history).toEqual(b.history);
    expect(wa.weights.equals(wc.weights)).toBe(false);
  });

  it('standardises with the unlabelled feature pool when given one, and stays deterministic', async () => {
    const labelled = examples().filter((_, i) => i % 4 === 0); // few labels
    const pool = gaussianClusters({ k: 3, perCluster: 60, dim: 32, spread: 3, seed: 9 }).vectors;
    const run = (featurePool?: Float32Array[]) => trainHead(labelled, LABELS, { epochs: 6, seed: 3, minPerLabel: 2, featurePool });
    const [a, b, none] = await Promise.all([run(pool), run(pool), run()]);
    const [wa, wb, wn] = await Promise.all([a, b, none].map((r) => serialiseHead(r.model)));
    [a, b, none].forEach((r) => r.model.dispose());
    expect(wa.weights.equals(wb.weights)).toBe(true);
    expect(wa.weights.equals(wn.weights)).toBe(false);
  });

  it('trains on augmented views (one picked per image per epoch) to a good head', async () => {
    const base = examples();
    // Four extra views per image, each a slightly shifted copy.
    const withViews = base.map((e) => ({ ...e, views: [1, 2, 3, 4].map((s) => Float32Array.from(e.vector, (x) => x + s * 0.01)) }));
    const r = await trainHead(withViews, LABELS, { epochs: 10, seed: 5 });
    try {
      expect(r.metrics.validation.accuracy).toBeGreaterThan(0.9);
    } finally {
      r.model.dispose();
    }
  });
});
