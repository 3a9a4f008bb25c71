import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../electron/core/classify/backend.js';
import type { Backbone } from '../../../../electron/core/classify/backbone.js';
import { INCEPTION_V3 } from '../../../../electron/core/classify/backbones/definitions.js';
import { loadInceptionBackbone } from '../../../../electron/core/classify/backbones/inception.js';
import { decodeImage, toBackboneInput } from '../../../../electron/core/classify/preprocess.js';
import { writeJpeg } from '../../../helpers/images.js';

/**
 * InceptionV3 with its BatchNormalizations folded and ReLUs fused must give the
 * features of the unmodified tfjs-layers model (within float rounding), so the
 * fast pass can stand in for the reference under the same backbone id.
 * Tolerance: 1e-3 absolute on features of magnitude up to ~10 (94 folded layers
 * accumulate more rounding than MobileNetV2's 1e-4).
 */
const TOLERANCE = 1e-3;

async function inputs(): Promise<{ pixels: Float32Array; n: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-inception-'));
  try {
    const size = INCEPTION_V3.inputSize;
    const pixels = new Float32Array(2 * size * size * 3);
    for (const seed of [1, 2]) toBackboneInput(await decodeImage(await writeJpeg(path.join(dir, `${seed}.jpg`), seed, 96)), pixels, (seed - 1) * size * size * 3, size);
    return { pixels, n: 2 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('fused InceptionV3 backbone', () => {
  let reference: Backbone;
  let fused: Backbone;
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
    reference = await loadInceptionBackbone({ fused: false });
    fused = await loadInceptionBackbone();
  }, 120_000);
  afterAll(() => {
    reference?.dispose();
    fused?.dispose();
  });

  it('gives the layer-by-layer model’s mixed7 and mixed10 statistics, batched and alone', async () => {
    const { pixels, n } = await inputs();
    const want = await reference.embed(pixels, n);
    const got = await fused.embed(pixels, n);
    expect(fused.id).toBe(INCEPTION_V3.id);
    expect(got.length).toBe(n * INCEPTION_V3.dim);
    let maxDiff = 0;
    let maxAbs = 0;
    for (let i = 0; i < want.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
      maxAbs = Math.max(maxAbs, Math.abs(want[i]));
    }
    expect(maxAbs).toBeGreaterThan(0.1); // real features, not zeros
    expect(maxDiff).toBeLessThan(TOLERANCE);
    // the two images differ (the statistics are per image, not of the batch)
    expect(Array.from(got.subarray(0, 50))).not.toEqual(Array.from(got.subarray(INCEPTION_V3.dim, INCEPTION_V3.dim + 50)));
    const one = await fused.embed(pixels.slice(0, pixels.length / n), 1);
    for (let i = 0; i < INCEPTION_V3.dim; i++) expect(Math.abs(one[i] - want[i])).toBeLessThan(TOLERANCE);
  }, 120_000);

  it('leaves no tensors behind per call', async () => {
    const { pixels, n } = await inputs();
    await fused.embed(pixels, n);
    const before = tf.memory().numTensors;
    await fused.embed(pixels, n);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
