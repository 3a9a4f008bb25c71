import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../electron/core/classify/metrics.js';
import { normalisedEntropy, summarise } from '../../../electron/core/classify/predictions.js';

describe('metrics and prediction summaries', () => {
  it('computes accuracy, per-class precision/recall/F1 and the confusion matrix', () => {
    // truth: a a a b b c ; predicted: a a b b c c
    const m = computeMetrics(['a', 'b', 'c'], [0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2]);
    expect(m.accuracy).toBe(0.6667);
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(m.perClass.a).toEqual({ precision: 1, recall: 0.6667, f1: 0.8, support: 3 });
    expect(m.perClass.b).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass.c).toEqual({ precision: 0.5, recall: 1, f1: 0.6667, support: 1 });
  });

  it('orders top-k by probability and scores uncertainty as normalised entropy', () => {
    const s = summarise([0.1, 0.6, 0.3], ['x', 'y', 'z']);
    expect(s.labelKey).toBe('y');
    expect(s.confidence).toBeCloseTo(0.6);
    expect(s.topk.map((t) => t.label)).toEqual(['y', 'z', 'x']);
    expect(normalisedEntropy([1, 0, 0, 0])).toBe(0);
    expect(normalisedEntropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(1);
    expect(normalisedEntropy([0.7, 0.1, 0.1, 0.1])).toBeGreaterThan(normalisedEntropy([0.97, 0.01, 0.01, 0.01]));
  });
});
