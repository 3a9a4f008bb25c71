import * as tf from '@tensorflow/tfjs';
import { BACKBONE_ID, EMBEDDING_DIM, INPUT_SIZE } from './backbone-info.js';

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
 * Load nsfwjs's bundled MobileNetV2 from the npm package itself (the weights
 * are base64 inside a JS module), so nothing is fetched at run time, and cut
 * it at `flatten_1` (after global average pooling; before nsfwjs's own dense
 * layers). Needs a backend already selected (selectBackend).
 */
export async function loadBackbone(): Promise<Backbone> {
  const mod = await import('nsfwjs/models/mobilenet_v2');
  const def = mod.MobileNetV2Model;
  const modelJson = ((await def.modelJson()) as { default: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] } }).default;
  if (def.weightBundles.length !== 1 || modelJson.weightsManifest.length !== 1) {
    throw new Error('unexpected nsfwjs model layout: expected one weight bundle');
  }
  const base64 = ((await def.weightBundles[0]()) as { default: string }).default;
  const bytes = Buffer.from(base64, 'base64');
  const full = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    }),
  );
  const cut = full.getLayer(CUT_LAYER);
  const model = tf.model({ inputs: full.inputs, outputs: cut.output as tf.SymbolicTensor });
  const dim = (model.outputs[0].shape as number[])[1];
  if (dim !== EMBEDDING_DIM) throw new Error(`backbone gives ${dim}-d features, expected ${EMBEDDING_DIM}`);
  return {
    id: BACKBONE_ID,
    dim,
    async embed(pixels, n) {
      const out = tf.tidy(() => model.predict(tf.tensor4d(pixels, [n, INPUT_SIZE, INPUT_SIZE, 3])) as tf.Tensor);
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dispose() {
      full.dispose();
    },
  };
}
