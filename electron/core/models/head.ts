import * as tf from '@tensorflow/tfjs';
import { ensureBackend } from '../classify/backend.js';

/**
 * Classifier heads: small tfjs-layers models over the backbone's embedding.
 * They are serialised as a TF.js `model.json` (topology + weightsManifest)
 * plus one weights buffer — the same bytes as `models/<name>/model.json` and
 * `weights.bin`, and as the `models.topology` / `models.weights` columns.
 *
 * Stable API (retraining builds on it): HeadArtifacts, HeadOptions, createHead,
 * serialiseHead, loadHead, predictHead, WEIGHTS_FILE.
 */

export interface HeadArtifacts {
  /** TF.js model.json text: modelTopology plus a weightsManifest naming WEIGHTS_FILE. */
  topology: string;
  /** All weights, concatenated in weightsManifest order. */
  weights: Buffer;
  /**
   * Fine-tuned top block bytes (classify/top-block.ts: the `Conv_1` kernel and
   * bias, TOP_BYTES bytes, `backbone-top.bin` in a folder, `models.backbone_top`
   * in the catalogue); absent = frozen backbone. The head reads features
   * computed through exactly these weights (manifest backbone = topBackboneId).
   */
  backboneTop?: Buffer;
}

export const WEIGHTS_FILE = 'weights.bin';

export interface HeadOptions {
  inputDim: number;
  classes: number;
  /** Units of one hidden ReLU layer; 0 or absent = a single softmax layer (logistic regression). */
  hidden?: number;
  dropout?: number;
  l2?: number;
  /** Seeds the initialisers (and dropout), so training is reproducible. */
  seed?: number;
}

/** A linear head (softmax over one dense layer) holding given weights: kernel inputDim×classes row-major, bias classes. */
export function linearHead(kernel: Float32Array, bias: Float32Array, opts: Omit<HeadOptions, 'hidden' | 'classes'>): tf.LayersModel {
  const classes = bias.length;
  const model = createHead({ ...opts, classes });
  const weights = [tf.tensor2d(kernel, [opts.inputDim, classes]), tf.tensor1d(bias)];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** A fresh, uncompiled head. */
export function createHead(opts: HeadOptions): tf.LayersModel {
  const seed = opts.seed ?? 1;
  const reg = opts.l2 ? tf.regularizers.l2({ l2: opts.l2 }) : undefined;
  const model = tf.sequential();
  let first = true;
  const inputShape = [opts.inputDim];
  if (opts.dropout) {
    model.add(tf.layers.dropout({ rate: opts.dropout, inputShape, seed }));
    first = false;
  }
  if (opts.hidden && opts.hidden > 0) {
    model.add(
      tf.layers.dense({
        units: opts.hidden,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed }),
        kernelRegularizer: reg,
        ...(first ? { inputShape } : {}),
      }),
    );
    first = false;
  }
  model.add(
    tf.layers.dense({
      units: opts.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      kernelRegularizer: reg,
      ...(first ? { inputShape } : {}),
    }),
  );
  return model;
}

/** Model → {topology, weights}, with no training config (a head is only ever used for inference or retrained from scratch). */
export async function serialiseHead(model: tf.LayersModel): Promise<HeadArtifacts> {
  let out: HeadArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const parts = data === undefined ? [] : Array.isArray(data) ? data : [data];
      const weights = Buffer.concat(parts.map((b) => Buffer.from(b)));
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      out = { topology: JSON.stringify(modelJson), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!out) throw new Error('serialising the head produced nothing');
  return out;
}

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/**
 * Artifacts → a usable model. Throws a readable Error when the topology is
 * not a layers model or the weights do not match it (size or shapes).
 */
export async function loadHead(artifacts: HeadArtifacts): Promise<tf.LayersModel> {
  await ensureBackend(); // pick tensorflow/wasm before tfjs silently falls back to its slow cpu default
  let json: ModelJson;
  try {
    json = JSON.parse(artifacts.topology) as ModelJson;
  } catch {
    throw new Error('model.json is not valid JSON');
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error('model.json is not a TF.js layers model (needs modelTopology and weightsManifest)');
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  for (const s of specs) {
    if (s.quantization) throw new Error(`weight ${s.name} is quantised; only float32 heads are supported`);
  }
  const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[s.dtype] ?? 4), 0);
  if (expected !== artifacts.weights.length) {
    throw new Error(`the weights file has ${artifacts.weights.length} bytes but model.json describes ${expected}`);
  }
  const w = artifacts.weights;
  const weightData = w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer;
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs, weightData }));
  } catch (err) {
    throw new Error(`the model could not be built from model.json: ${(err as Error).message}`);
  }
}

/** Probabilities for n embeddings laid end to end (n × inputDim) → n × classes, row-major. */
export function predictHead(model: tf.LayersModel, embeddings: Float32Array, n: number): Float32Array {
  const dim = embeddings.length / n;
  return tf.tidy(() => {
    const out = model.predict(tf.tensor2d(embeddings, [n, dim])) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

/** [inputDim, classes] of a loaded head; null where a dimension is not fixed. */
export function headShape(model: tf.LayersModel): { inputDim: number | null; classes: number | null } {
  const input = model.inputs[0]?.shape ?? [];
  const output = model.outputs[0]?.shape ?? [];
  return {
    inputDim: input.length === 2 ? input[1] : null,
    classes: output.length === 2 ? output[1] : null,
  };
}
