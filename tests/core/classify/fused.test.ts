import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../electron/core/classify/backend.js';
import { loadBackbone, type Backbone } from '../../../electron/core/classify/backbone.js';
import { EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { backboneInputs } from '../../helpers/images.js';
import { vectorGap } from '../../helpers/vectors.js';

/**
 * The fused forward pass (BatchNormalization folded into the convolutions)
 * must give the embeddings of the unmodified tfjs-layers model: cached
 * embeddings and trained heads stay valid under the same BACKBONE_ID.
 */
const TOLERANCE = 1e-4;


describe('fused MobileNetV2 backbone', () => {
  let reference: Backbone;
  let fused: Backbone;
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
    reference = await loadBackbone({ fused: false });
    fused = await loadBackbone();
  }, 60_000);
  afterAll(() => {
    reference?.dispose();
    fused?.dispose();
  });

  it('gives the same embeddings (pooled and texture parts) as the layer-by-layer model, batched and alone', async () => {
    const { pixels, n } = await backboneInputs();
    const want = await reference.embed(pixels, n);
    const got = await fused.embed(pixels, n);
    expect(got.length).toBe(n * EMBEDDING_DIM);
    const { maxDiff, maxAbs } = vectorGap(want, got);
    expect(maxAbs).toBeGreaterThan(0.1); // real features, not zeros
    expect(maxDiff).toBeLessThan(TOLERANCE);
    // one image on its own gives its row of the batch
    const one = await fused.embed(pixels.slice(0, pixels.length / n), 1);
    for (let i = 0; i < EMBEDDING_DIM; i++) expect(Math.abs(one[i] - want[i])).toBeLessThan(TOLERANCE);
  }, 60_000);

  it('leaves no tensors behind per call', async () => {
    const { pixels, n } = await backboneInputs();
    await fused.embed(pixels, n);
    const before = tf.memory().numTensors;
    await fused.embed(pixels, n);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
