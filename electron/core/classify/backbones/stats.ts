import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone.js';
import { backboneOf, textureStats } from '../backbone.js';
import { fuseModel } from '../fused.js';
import { isStatsOnly, type BackboneDefinition } from './definitions.js';
import { loadNsfwjsModel } from './nsfwjs-model.js';

/**
 * A backbone whose embedding is texture statistics only (each named layer's
 * per-channel mean, then standard deviation, over the map's positions, layers
 * in the definition's order): InceptionV3's pipelines and MobileNetV2's
 * mid-level one. The network runs only up to the last named layer. By default
 * the fused forward pass (fused.ts: BatchNormalization folded into the
 * convolutions, ReLU fused); `fused: false` runs the model layer by layer as
 * tfjs-layers does (the tests' reference). Needs a backend already selected.
 */
export async function loadStatsBackbone(def: BackboneDefinition, opts: { fused?: boolean } = {}): Promise<Backbone> {
  if (!isStatsOnly(def)) throw new Error(`${def.label} is not made of texture statistics alone`);
  const layers = def.parts.map((p) => p.layer);
  const full = await loadNsfwjsModel(def.model);
  let maps: (x: tf.Tensor4D) => tf.Tensor[];
  let release = () => {};
  if (opts.fused ?? true) {
    const fused = fuseModel(full, layers.at(-1)!, layers.slice(0, -1));
    maps = (x) => fused.runTaps(x, layers);
    release = () => fused.dispose();
  } else {
    const model = tf.model({ inputs: full.inputs, outputs: layers.map((l) => full.getLayer(l).output as tf.SymbolicTensor) });
    maps = (x) => model.predict(x) as tf.Tensor[];
  }
  const forward = (x: tf.Tensor4D) => tf.concat(maps(x).map((m) => textureStats(m)), 1);
  return backboneOf({ id: def.id, dim: def.dim, size: def.inputSize, forward, full, release });
}
