import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../electron/core/classify/backend.js';
import type { Backbone } from '../../../../electron/core/classify/backbone.js';
import { INCEPTION_V3, MOBILENET_V2_MID, type BackboneDefinition } from '../../../../electron/core/classify/backbones/definitions.js';
import { loadStatsBackbone } from '../../../../electron/core/classify/backbones/stats.js';
import { decodeImage, toBackboneInput } from '../../../../electron/core/classify/preprocess.js';
import { writeJpeg } from '../../../helpers/images.js';
import { vectorGap } from '../../../helpers/vectors.js';

/**
 * A texture-statistics backbone with its BatchNormalizations folded and ReLUs
 * fused must give the features of the unmodified tfjs-layers model (within
 * float rounding), so the fast pass can stand in for the reference under the
 * same backbone id. Tolerance: 1e-3 absolute on features of magnitude up to
 * ~10 (InceptionV3's 94 folded layers accumulate more rounding than
 * MobileNetV2's 1e-4). InceptionV3 (two layers, cut at mixed10) and
 * MobileNetV2's mid-level pipeline (three layers, cut at block 13) cover the
 * two networks and the cut before the model's end.
 */
const TOLERANCE = 1e-3;

async function inputs(def: BackboneDefinition): Promise<{ pixels: Float32Array; n: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-stats-'));
  try {
    const size = def.inputSize;
    const pixels = new Float32Array(2 * size * size * 3);
    for (const seed of [1, 2]) toBackboneInput(await decodeImage(await writeJpeg(path.join(dir, `${seed}.jpg`), seed, 96)), pixels, (seed - 1) * size * size * 3, size);
    return { pixels, n: 2 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.each([INCEPTION_V3, MOBILENET_V2_MID])('fused texture-statistics backbone: $label', (def) => {
  let reference: Backbone;
  let fused: Backbone;
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
    reference = await loadStatsBackbone(def, { fused: false });
    fused = await loadStatsBackbone(def);
  }, 120_000);
  afterAll(() => {
    reference?.dispose();
    fused?.dispose();
  });

  it('gives the layer-by-layer model’s statistics, batched and alone', async () => {
    const { pixels, n } = await inputs(def);
    const want = await reference.embed(pixels, n);
    const got = await fused.embed(pixels, n);
    expect(fused.id).toBe(def.id);
    expect(got.length).toBe(n * def.dim);
    const { maxDiff, maxAbs } = vectorGap(want, got);
    expect(maxAbs).toBeGreaterThan(0.1); // real features, not zeros
    expect(maxDiff).toBeLessThan(TOLERANCE);
    // the two images differ (the statistics are per image, not of the batch)
    expect(Array.from(got.subarray(0, 50))).not.toEqual(Array.from(got.subarray(def.dim, def.dim + 50)));
    const one = await fused.embed(pixels.slice(0, pixels.length / n), 1);
    for (let i = 0; i < def.dim; i++) expect(Math.abs(one[i] - want[i])).toBeLessThan(TOLERANCE);
  }, 120_000);

  it('leaves no tensors behind per call', async () => {
    const { pixels, n } = await inputs(def);
    await fused.embed(pixels, n);
    const before = tf.memory().numTensors;
    await fused.embed(pixels, n);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
