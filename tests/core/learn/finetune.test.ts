import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../electron/core/classify/backend.js';
import { EMBEDDING_DIM, POOLED_DIM, TOP_INPUT_DIM } from '../../../electron/core/classify/backbone-info.js';
import { serialiseTop, TOP_IN } from '../../../electron/core/classify/top-block.js';
import { fineTuneTop, topEmbeddings, type FineTuneExample, type FineTuneStart } from '../../../electron/core/learn/finetune.js';
import { seededRandom } from '../../../electron/core/random.js';

/**
 * Fine-tuning the top block with the head, on generated block-16 maps: two
 * labels that differ only in the first eight of 320 channels. The start is a
 * head that knows nothing (zeros), so there is something to learn.
 */
function data(n: number, seed: number): FineTuneExample[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const label = i % 2;
    const map = Float32Array.from({ length: TOP_INPUT_DIM }, (_, j) => rand() * 0.5 + (label === 1 && j % TOP_IN < 8 ? 1 : 0));
    return { inputs: [map], label };
  });
}

function start(seed: number): FineTuneStart {
  const rand = seededRandom(seed);
  return {
    top: { kernel: Float32Array.from({ length: TOP_IN * POOLED_DIM }, () => (rand() - 0.5) * 0.1), bias: new Float32Array(POOLED_DIM).fill(0.01) },
    headKernel: new Float32Array(EMBEDDING_DIM * 2),
    headBias: new Float32Array(2),
  };
}

const split = { train: Array.from({ length: 16 }, (_, i) => i), validation: [16, 17, 18, 19, 20, 21, 22, 23] };

describe('fine-tuning the top block', () => {
  beforeAll(() => selectBackend({ prefer: 'wasm' }), 30_000);

  it('learns what the head alone could not, lowering the validation loss, and the same seed gives the same weights', async () => {
    const examples = data(24, 5);
    const run = () => fineTuneTop(examples, 2, start(9), { split, classWeights: [1, 1], epochs: 4, batchSize: 8, learningRate: 1e-3, seed: 3 });
    const a = await run();
    expect(a.history[0]).toMatchObject({ epoch: 0, loss: null, valAccuracy: 0.5 }); // the start: chance
    expect(a.improved).toBe(true);
    expect(a.bestEpoch).toBeGreaterThan(0);
    expect(a.history[a.bestEpoch].valLoss).toBeLessThan(a.history[0].valLoss);
    expect(a.history[a.bestEpoch].valAccuracy).toBe(1);
    // the top block itself moved, not only the head
    expect(serialiseTop(a.top).equals(serialiseTop(start(9).top))).toBe(false);
    const b = await run();
    expect(serialiseTop(b.top).equals(serialiseTop(a.top))).toBe(true);
    expect(Buffer.from(b.headKernel.buffer).equals(Buffer.from(a.headKernel.buffer))).toBe(true);
  }, 60_000);

  it('hands back the starting point unchanged when no epoch beats it', async () => {
    const s = start(9);
    const r = await fineTuneTop(data(24, 5), 2, s, { split, classWeights: [1, 1], epochs: 5, patience: 2, learningRate: 0, seed: 3 });
    expect(r.improved).toBe(false);
    expect(r.bestEpoch).toBe(0);
    expect(r.history.map((h) => h.epoch)).toEqual([0, 1, 2]); // stopped after `patience` epochs without improvement
    expect(serialiseTop(r.top).equals(serialiseTop(s.top))).toBe(true);
    expect(r.headKernel).toEqual(s.headKernel);
  }, 60_000);

  it('stops when cancelled, and refuses inputs that are not block 16’s maps', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fineTuneTop(data(24, 5), 2, start(9), { split, classWeights: [1, 1], signal: controller.signal })).rejects.toThrow(/cancelled/);
    await expect(fineTuneTop([{ inputs: [new Float32Array(1280)], label: 0 }], 2, start(9), { split: { train: [0], validation: [0] }, classWeights: [1, 1] })).rejects.toThrow(
      /block 16's output \(15680 floats per view\)/,
    );
  }, 60_000);

  it('turns block-16 maps into embeddings through a top block (pooled part, then texture part)', async () => {
    const s = start(9);
    const [e] = await topEmbeddings([data(1, 5)[0].inputs[0]], s.top);
    expect(e.length).toBe(EMBEDDING_DIM);
    // pooled part: ReLU6 then the mean, so every feature in [0, 6]
    const pooled = e.subarray(0, POOLED_DIM);
    expect(Math.min(...pooled)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...pooled)).toBeLessThanOrEqual(6);
    expect(Math.max(...pooled)).toBeGreaterThan(0);
    // texture part: 320 channel means of the map itself, then 320 standard deviations (≥ 0, not all 0 for a varied map)
    const deviations = e.subarray(POOLED_DIM + 320);
    expect(deviations.length).toBe(320);
    expect(Math.min(...deviations)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...deviations)).toBeGreaterThan(0);
  }, 30_000);
});
