import * as tf from '@tensorflow/tfjs';
import { BACKBONE_ID, EMBEDDING_DIM, INPUT_SIZE } from './backbone-info.js';
import { fuseModel } from './fused.js';

export { BACKBONE_ID, EMBEDDING_DIM, INPUT_SIZE };

/** The frozen feature extractor: 224×224×3 [0,1] pixels → 1280-d embedding. */
export interface Backbone {
  readonly id: string;
  readonly dim: number;
  /** n images laid end to end (n×224×224×3) → n embeddings laid end to end (n×1280). */
  embed(pixels: Float32Array, n: number): Promise<Float32Array>;
  dispose(): void;
}

const CUT_LAYER = 'flatten_1';

/**
 * nsfwjs's bundled MobileNetV2 as tfjs-layers loads it, from the npm package
 * itself (the weights are base64 inside a JS module), so nothing is fetched at
 * run time. Needs a backend already selected (selectBackend).
 */
export async function loadKerasModel(): Promise<tf.LayersModel> {
  const mod = await import('nsfwjs/models/mobilenet_v2');
  const def = mod.MobileNetV2Model;
  const modelJson = ((await def.modelJson()) as { default: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] } }).default;
  if (def.weightBundles.length !== 1 || modelJson.weightsManifest.length !== 1) {
    throw new Error('unexpected nsfwjs model layout: expected one weight bundle');
  }
  const base64 = ((await def.weightBundles[0]()) as { default: string }).default;
  const bytes = Buffer.from(base64, 'base64');
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    }),
  );
}

/**
 * The backbone: nsfwjs's MobileNetV2 cut at `flatten_1` (after global average
 * pooling; before nsfwjs's own dense layers). By default it runs the fused
 * forward pass (fused.ts: BatchNormalization folded into the convolutions,
 * ReLU6 fused), the same function in about a third of the kernel calls;
 * `fused: false` runs the model layer by layer as tfjs-layers does (the
 * reference the tests compare against). Needs a backend already selected.
 */
export async function loadBackbone(opts: { fused?: boolean } = {}): Promise<Backbone> {
  const full = await loadKerasModel();
  const cut = full.getLayer(CUT_LAYER);
  const dim = (cut.outputShape as number[])[1];
  if (dim !== EMBEDDING_DIM) throw new Error(`backbone gives ${dim}-d features, expected ${EMBEDDING_DIM}`);
  let forward: (x: tf.Tensor4D) => tf.Tensor;
  let release = () => {};
  if (opts.fused ?? true) {
    const fused = fuseModel(full, CUT_LAYER);
    forward = (x) => fused.run(x);
    release = () => fused.dispose();
  } else {
    const model = tf.model({ inputs: full.inputs, outputs: cut.output as tf.SymbolicTensor });
    forward = (x) => model.predict(x) as tf.Tensor;
  }
  return {
    id: BACKBONE_ID,
    dim,
    async embed(pixels, n) {
      const out = tf.tidy(() => forward(tf.tensor4d(pixels, [n, INPUT_SIZE, INPUT_SIZE, 3])));
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dispose() {
      release();
      full.dispose();
    },
  };
}
