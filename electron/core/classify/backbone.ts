import * as tf from '@tensorflow/tfjs';
import { BACKBONE_ID, EMBEDDING_DIM, INPUT_SIZE, POOLED_DIM, TOP_INPUT_DIM, TOP_INPUT_LAYER } from './backbone-info.js';
import { loadNsfwjsModel } from './backbones/nsfwjs-model.js';
import { foldBatchNorm, fuseModel, weightsByRole } from './fused.js';
import { serialiseTop, TOP_IN, topBackboneId, type TopBlock } from './top-block.js';

export { BACKBONE_ID, EMBEDDING_DIM, INPUT_SIZE };

/** The feature extractor: 224×224×3 [0,1] pixels → EMBEDDING_DIM embedding (or, for fine-tuning, the top block's input). */
export interface Backbone {
  /** The id features are cached under: BACKBONE_ID, or a fine-tuned top's variant id. */
  readonly id: string;
  readonly dim: number;
  /** n images laid end to end (n×224×224×3) → n feature vectors laid end to end (n×dim). */
  embed(pixels: Float32Array, n: number): Promise<Float32Array>;
  dispose(): void;
}

const CUT_LAYER = 'flatten_1';

/** What a backbone outputs: the embedding, or block 16's 7×7×320 map that the (fine-tunable) top block reads. */
export type BackboneOutput = 'embedding' | 'top-input';

export interface BackboneOptions {
  /** Fused forward pass (default) or layer by layer, as tfjs-layers runs it (the tests' reference). */
  fused?: boolean;
  /** A fine-tuned top block to use instead of the model's own Conv_1 (fused pass only). */
  top?: TopBlock;
  output?: BackboneOutput;
}

/**
 * The model's own top block with its BatchNormalization folded in: the
 * starting point of fine-tuning, and (applied with applyTop) the same
 * function as the frozen backbone's last layers.
 */
export function frozenTop(model: tf.LayersModel): TopBlock {
  const conv = model.getLayer('Conv_1');
  const bn = model.getLayer('Conv_1_bn');
  const w = weightsByRole(conv);
  const folded = foldBatchNorm(w.get('kernel')!, w.get('bias'), weightsByRole(bn), POOLED_DIM, (bn.getConfig() as { epsilon: number }).epsilon);
  return { kernel: folded.kernel, bias: folded.bias };
}

/** The backbone's own (folded) top block, loading the model just for it. */
export async function loadFrozenTop(): Promise<TopBlock> {
  const model = await loadKerasModel();
  try {
    return frozenTop(model);
  } finally {
    model.dispose();
  }
}

/**
 * The top block over block 16's output: 1×1 conv (as a matrix product over
 * the 49 positions), ReLU6, average over the 7×7 map → n×1280 (the pooled
 * part of the embedding). Differentiable: fine-tuning trains `kernel`
 * (320×1280) and `bias` through it.
 */
export function applyTop(x: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const n = x.shape[0]!;
  const flat = tf.reshape(x, [-1, TOP_IN]) as tf.Tensor2D;
  const act = tf.clipByValue(tf.add(tf.matMul(flat, kernel), bias), 0, 6);
  return tf.mean(tf.reshape(act, [n, -1, POOLED_DIM]), 1) as tf.Tensor2D;
}

/**
 * The texture part of the embedding: for each of the map's channels (block
 * 16's 320 in MobileNetV2), its mean and standard deviation over the
 * positions → n×2C (all means, then all deviations). It does not depend on
 * the top block.
 */
export function textureStats(maps: tf.Tensor): tf.Tensor2D {
  const n = maps.shape[0]!;
  const { mean, variance } = tf.moments(tf.reshape(maps, [n, -1, maps.shape.at(-1)!]), 1);
  return tf.concat([mean, tf.sqrt(variance)], 1) as tf.Tensor2D;
}

/** Block 16's output → the embedding: the top block's pooled output, then the texture statistics. */
export function embedMaps(maps: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.concat([applyTop(maps, kernel, bias), textureStats(maps)], 1) as tf.Tensor2D;
}

/** nsfwjs's bundled MobileNetV2 as tfjs-layers loads it (backbones/nsfwjs-model.ts). Needs a backend already selected. */
export function loadKerasModel(): Promise<tf.LayersModel> {
  return loadNsfwjsModel('nsfwjs-mobilenet_v2');
}

/**
 * The backbone: nsfwjs's MobileNetV2 cut at block 16 (`block_16_project_BN`);
 * the embedding is the model's own top block (`Conv_1` → ReLU6 → global
 * average pool, i.e. `flatten_1`) followed by block 16's texture statistics.
 * By default it runs the fused forward pass (fused.ts: BatchNormalization
 * folded into the convolutions, ReLU6 fused), the same function in about a
 * third of the kernel calls; `fused: false` runs the model layer by layer as
 * tfjs-layers does (the reference the tests compare against). `top` replaces
 * Conv_1 with a fine-tuned top block. Needs a backend already selected.
 */
export async function loadBackbone(opts: BackboneOptions = {}): Promise<Backbone> {
  const full = await loadKerasModel();
  const cut = full.getLayer(CUT_LAYER);
  const pooledDim = (cut.outputShape as number[])[1];
  if (pooledDim !== POOLED_DIM) throw new Error(`backbone gives ${pooledDim}-d pooled features, expected ${POOLED_DIM}`);
  let forward: (x: tf.Tensor4D) => tf.Tensor;
  let release = () => {};
  let dim = EMBEDDING_DIM;
  let id = BACKBONE_ID;
  if (opts.fused ?? true) {
    const fused = fuseModel(full, TOP_INPUT_LAYER);
    const top = opts.top ?? frozenTop(full);
    const kernel = tf.keep(tf.tensor2d(top.kernel, [TOP_IN, POOLED_DIM]));
    const bias = tf.keep(tf.tensor1d(top.bias));
    if (opts.output === 'top-input') {
      dim = TOP_INPUT_DIM;
      forward = (x) => fused.run(x);
    } else {
      if (opts.top) id = topBackboneId(serialiseTop(opts.top));
      forward = (x) => embedMaps(fused.run(x), kernel, bias);
    }
    release = () => {
      fused.dispose();
      kernel.dispose();
      bias.dispose();
    };
  } else {
    if (opts.output === 'top-input' || opts.top) throw new Error('a fine-tuned top block or the top-input output needs the fused forward pass');
    const model = tf.model({ inputs: full.inputs, outputs: [cut.output as tf.SymbolicTensor, full.getLayer(TOP_INPUT_LAYER).output as tf.SymbolicTensor] });
    forward = (x) => {
      const [pooled, maps] = model.predict(x) as tf.Tensor[];
      return tf.concat([pooled, textureStats(maps)], 1);
    };
  }
  return backboneOf({ id, dim, size: INPUT_SIZE, forward, full, release });
}

/**
 * A Backbone around a forward pass from a batch of size×size RGB images to
 * their embeddings; disposing it frees `release`'s tensors, then the model.
 */
export function backboneOf(spec: {
  id: string;
  dim: number;
  size: number;
  forward: (x: tf.Tensor4D) => tf.Tensor;
  full: { dispose(): void };
  release: () => void;
}): Backbone {
  const { forward, size } = spec;
  return {
    id: spec.id,
    dim: spec.dim,
    async embed(pixels, n) {
      const out = tf.tidy(() => forward(tf.tensor4d(pixels, [n, size, size, 3])));
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dispose() {
      spec.release();
      spec.full.dispose();
    },
  };
}
