import { describe, expect, it } from 'vitest';
import { fitTemperature } from '../../../electron/core/learn/calibrate.js';
import { trainHead } from '../../../electron/core/learn/train.js';
import { predictHead } from '../../../electron/core/models/head.js';
import { seededRandom } from '../../../electron/core/random.js';
import { argmaxRow, packRows } from '../../../electron/core/learn/vectors.js';

function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Four labels that differ only weakly, in 40 of 1,920 dimensions: a few examples per label are separable, new photos are not. */
function weakLabels(perLabel: number, seed: number) {
  const rand = seededRandom(seed);
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (let c = 0; c < 4; c++) {
    for (let i = 0; i < perLabel; i++) {
      const v = Float32Array.from({ length: 1920 }, () => normal(rand));
      for (let d = 0; d < 40; d++) v[40 * c + d] += 0.5;
      vectors.push(v);
      labels.push(c);
    }
  }
  return { vectors, labels };
}

/** Mean top confidence and accuracy of a head on unseen photos. */
function onUnseen(model: Parameters<typeof predictHead>[0], data: ReturnType<typeof weakLabels>) {
  const probs = predictHead(model, packRows(data.vectors, 1920), data.vectors.length);
  let confidence = 0;
  let correct = 0;
  data.vectors.forEach((_, i) => {
    const j = argmaxRow(probs, 4, i);
    confidence += probs[i * 4 + j];
    if (j === data.labels[i]) correct++;
  });
  return { confidence: confidence / data.vectors.length, accuracy: correct / data.vectors.length };
}

describe('confidence calibration', () => {
  it('fits no softening to a head that is right as often as it says, and a strong one to a head that is sure and often wrong', () => {
    // Right on 9 of 10 at 90 %: already calibrated.
    const honest = new Float32Array(Array.from({ length: 10 }, () => [0.9, 0.1 / 3, 0.1 / 3, 0.1 / 3]).flat());
    expect(fitTemperature(honest, 4, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])).toBeLessThan(1.2);
    // 99 % sure every time, right half the time.
    const sure = new Float32Array(Array.from({ length: 10 }, () => [0.99, 0.01 / 3, 0.01 / 3, 0.01 / 3]).flat());
    expect(fitTemperature(sure, 4, [0, 1, 0, 2, 0, 3, 0, 1, 0, 2])).toBeGreaterThan(3);
    expect(fitTemperature(sure, 4, [])).toBe(1);
  });

  it('a head trained on a few examples per label no longer claims near certainty on photos it gets wrong', async () => {
    const train = weakLabels(10, 1);
    const unseen = weakLabels(50, 2);
    const examples = train.vectors.map((vector, i) => ({ vector, label: train.labels[i], group: null }));
    // Without a penalty on the weights, as an overconfident first model behaves.
    const options = { epochs: 60, l2: 0, learningRate: 0.05, dropout: 0 };
    const raw = await trainHead(examples, ['a', 'b', 'c', 'd'], options);
    const calibrated = await trainHead(examples, ['a', 'b', 'c', 'd'], { ...options, calibrate: true });
    const before = onUnseen(raw.model, unseen);
    const after = onUnseen(calibrated.model, unseen);
    // The same predictions, with a confidence that no longer hides how often they are wrong.
    expect(after.accuracy).toBe(before.accuracy);
    expect(before.confidence - before.accuracy).toBeGreaterThan(0.3);
    expect(after.confidence - after.accuracy).toBeLessThan(0.15);
    expect(calibrated.temperature).toBeGreaterThan(1);
    raw.model.dispose();
    calibrated.model.dispose();
  });
});
