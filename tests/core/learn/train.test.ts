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
});
