import { describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../electron/core/classify/backend.js';
import { createHead, headShape, loadHead, predictHead, serialiseHead } from '../../../electron/core/models/head.js';

describe('classifier heads', () => {
  it('round-trip through {topology, weights} and predict as before', async () => {
    await ensureBackend();
    const model = createHead({ inputDim: 16, classes: 3, hidden: 8, dropout: 0.2, l2: 1e-4, seed: 5 });
    const x = new Float32Array(2 * 16).map((_, i) => Math.sin(i));
    const before = predictHead(model, x, 2);
    const artifacts = await serialiseHead(model);
    expect(JSON.parse(artifacts.topology).weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(artifacts.weights.length).toBe((16 * 8 + 8 + 8 * 3 + 3) * 4);
    const loaded = await loadHead(artifacts);
    expect(headShape(loaded)).toEqual({ inputDim: 16, classes: 3 });
    const after = predictHead(loaded, x, 2);
    before.forEach((p, i) => expect(after[i]).toBeCloseTo(p, 6));
    const rowSum = before[0] + before[1] + before[2];
    expect(rowSum).toBeCloseTo(1, 5);
  });

  it('the same seed gives the same initial weights', async () => {
    const a = await serialiseHead(createHead({ inputDim: 8, classes: 2, seed: 9 }));
    const b = await serialiseHead(createHead({ inputDim: 8, classes: 2, seed: 9 }));
    expect(a.weights.equals(b.weights)).toBe(true);
  });

  it('refuses weights that do not match the topology', async () => {
    const a = await serialiseHead(createHead({ inputDim: 8, classes: 2, seed: 1 }));
    await expect(loadHead({ topology: a.topology, weights: a.weights.subarray(4) })).rejects.toThrow(/weights file has 68 bytes but model.json describes 72/);
    await expect(loadHead({ topology: '{nope', weights: a.weights })).rejects.toThrow(/not valid JSON/);
  });
});
