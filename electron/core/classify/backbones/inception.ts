import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../backbone.js';
import { backboneOf, textureStats } from '../backbone.js';
import { fuseModel } from '../fused.js';
import { INCEPTION_V3 } from './definitions.js';
import { loadNsfwjsModel } from './nsfwjs-model.js';

/**
 * nsfwjs's InceptionV3 as a backbone: texture statistics (each channel's mean
 * and standard deviation over the map) of `mixed7` (17×17×768) and `mixed10`
 * (8×8×2048), the layers INCEPTION_V3 names. By default the fused forward pass
 * (fused.ts: its 94 BatchNormalizations folded into the convolutions, ReLU
 * fused); `fused: false` runs the model layer by layer as tfjs-layers does
 * (the tests' reference). Needs a backend already selected.
 */
export async function loadInceptionBackbone(opts: { fused?: boolean } = {}): Promise<Backbone> {
  const def = INCEPTION_V3;
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
