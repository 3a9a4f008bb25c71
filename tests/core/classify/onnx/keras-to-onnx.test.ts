import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { textureStats } from '../../../../electron/core/classify/backbone.js';
import { selectBackend } from '../../../../electron/core/classify/backend.js';
import { kerasToOnnx, UnsupportedLayerError } from '../../../../electron/core/classify/onnx/keras-to-onnx.js';
import { definitionToOnnx } from '../../../../electron/core/classify/onnx/ort-backbone.js';
import { INCEPTION_V3 } from '../../../../electron/core/classify/backbones/definitions.js';
import { ModelFilesError, nsfwjsParts } from '../../../../electron/core/classify/backbones/nsfwjs-model.js';
import { loadOnnxRuntime } from '../../../../electron/core/classify/onnx/runtime.js';
import { hasOnnxRuntime, onnxRuntimeNote } from '../../../helpers/onnxruntime.js';
import { rng } from '../../../helpers/images.js';

/** A tiny network with every layer kind InceptionV3 has (odd sizes, so 'same' padding is uneven), random BN statistics. */
function tinyInception(extra?: (x: tf.SymbolicTensor) => tf.SymbolicTensor): tf.LayersModel {
  const input = tf.input({ shape: [11, 11, 3], name: 'in' });
  const convBn = (x: tf.SymbolicTensor, filters: number, k: number, strides: number, padding: 'same' | 'valid', name: string) => {
    const c = tf.layers.conv2d({ filters, kernelSize: k, strides, padding, useBias: false, name }).apply(x) as tf.SymbolicTensor;
    const b = tf.layers.batchNormalization({ scale: false, name: `${name}_bn`, epsilon: 1e-3 }).apply(c) as tf.SymbolicTensor;
    return tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(b) as tf.SymbolicTensor;
  };
  const stem = convBn(input, 6, 3, 2, 'valid', 'stem'); // 5×5
  const a = convBn(stem, 4, 1, 1, 'same', 'a');
  const pooled = tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name: 'avg' }).apply(stem) as tf.SymbolicTensor;
  const b = convBn(pooled, 5, 3, 1, 'same', 'b');
  const mixedA = tf.layers.concatenate({ axis: -1, name: 'mixedA' }).apply([a, b]) as tf.SymbolicTensor;
  const down = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'max' }).apply(mixedA) as tf.SymbolicTensor;
  const c = convBn(mixedA, 7, 3, 2, 'valid', 'c');
  let mixedB = tf.layers.concatenate({ axis: -1, name: 'mixedB' }).apply([down, c]) as tf.SymbolicTensor;
  if (extra) mixedB = extra(mixedB);
  const model = tf.model({ inputs: input, outputs: mixedB });
  const r = rng(7);
  for (const l of model.layers)
    for (const w of l.weights) {
      const shape = w.shape as number[];
      const n = shape.reduce((x, y) => x * y, 1);
      const role = w.originalName.split('/').at(-1)!;
      // Variances positive and away from zero; everything else centred.
      const values = Float32Array.from({ length: n }, () => (role.startsWith('moving_variance') ? 0.5 + r() : r() - 0.5));
      w.write(tf.tensor(values, shape));
    }
  return model;
}

describe('Keras → ONNX converter', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'cpu' });
  });

  it('refuses a layer kind it does not know, naming the layer', () => {
    const model = tinyInception((x) => tf.layers.dense({ units: 2, name: 'head_dense' }).apply(x) as tf.SymbolicTensor);
    expect(() => kerasToOnnx(model, { statsOf: ['mixedA', 'head_dense'], name: 't' })).toThrow(UnsupportedLayerError);
    expect(() => kerasToOnnx(model, { statsOf: ['mixedA', 'head_dense'], name: 't' })).toThrow('cannot convert layer "head_dense" (Dense) to ONNX');
    // A layer past the cut is never looked at.
    expect(kerasToOnnx(model, { statsOf: ['mixedA', 'mixedB'], name: 't' }).length).toBeGreaterThan(1000);
  });

  it("refuses InceptionV3's damaged weight files as the other engines do (ModelFilesError), before converting", async () => {
    const truncated = async () => {
      const parts = await nsfwjsParts('nsfwjs-inception_v3');
      return { ...parts, shards: [...parts.shards.slice(0, -1), parts.shards.at(-1)!.subarray(0, 100)] };
    };
    const err = await definitionToOnnx(INCEPTION_V3, truncated).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFilesError);
    expect((err as ModelFilesError).reason).toMatch(/bytes of weights, the model needs/);
  }, 30_000);

  it('refuses a tapped layer the model does not have', () => {
    expect(() => kerasToOnnx(tinyInception(), { statsOf: ['mixed7'], name: 't' })).toThrow('the model has no layer "mixed7"');
  });

  it.skipIf(!hasOnnxRuntime)(`computes tfjs-layers' texture statistics of the tapped layers (${onnxRuntimeNote})`, async () => {
    const model = tinyInception();
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(kerasToOnnx(model, { statsOf: ['mixedA', 'mixedB'], name: 't' }), {});
    const r = rng(11);
    const pixels = Float32Array.from({ length: 2 * 11 * 11 * 3 }, () => r());
    const got = (await session.run({ pixels: new ort.Tensor('float32', pixels, [2, 11, 11, 3]) })).embedding.data as Float32Array;
    const reference = tf.model({ inputs: model.inputs, outputs: [model.getLayer('mixedA').output, model.getLayer('mixedB').output] as tf.SymbolicTensor[] });
    const want = tf.tidy(() => tf.concat((reference.predict(tf.tensor4d(pixels, [2, 11, 11, 3])) as tf.Tensor[]).map((m) => textureStats(m)), 1).dataSync());
    expect(got.length).toBe(2 * 2 * (9 + 16));
    expect(Math.max(...want)).toBeGreaterThan(0.01);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-5);
  });
});
