import * as tf from '@tensorflow/tfjs';
import type { BackboneModel } from './definitions.js';

/**
 * nsfwjs's bundled Keras models as tfjs-layers loads them, from the npm
 * package itself (the weights are base64 inside JS modules, one per shard),
 * so nothing is fetched at run time. Needs a backend already selected.
 */

interface NsfwjsModelDef {
  modelJson: () => Promise<unknown>;
  weightBundles: (() => Promise<unknown>)[];
}

async function modelDef(model: BackboneModel): Promise<NsfwjsModelDef> {
  if (model === 'nsfwjs-mobilenet_v2') return (await import('nsfwjs/models/mobilenet_v2')).MobileNetV2Model;
  return (await import('nsfwjs/models/inception_v3')).InceptionV3Model;
}

/** Why a model's files could not be used: missing or damaged (thrown by loadNsfwjsModel). */
export class ModelFilesError extends Error {
  constructor(
    readonly model: BackboneModel,
    readonly reason: string,
  ) {
    super(`the model files of ${model} are missing or damaged (${reason}); reinstall Canting or choose another pipeline`);
  }
}

/** Bytes per stored weight value (nsfwjs quantises most weights to uint8). */
function storedBytes(w: tf.io.WeightsManifestEntry): number {
  const dtype = w.quantization?.dtype ?? w.dtype;
  return dtype === 'uint8' ? 1 : dtype === 'uint16' || dtype === 'float16' ? 2 : 4;
}

/** A model's topology and weight shards (base64-decoded), as the package ships them. */
export interface ModelParts {
  modelJson: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  shards: Buffer[];
}

/** Read a model's parts from the installed nsfwjs package. */
export async function nsfwjsParts(model: BackboneModel): Promise<ModelParts> {
  const def = await modelDef(model);
  const modelJson = ((await def.modelJson()) as { default: ModelParts['modelJson'] }).default;
  const shards = await Promise.all(def.weightBundles.map(async (b) => Buffer.from(((await b()) as { default: string }).default, 'base64')));
  return { modelJson, shards };
}

/**
 * The model as tfjs-layers loads it; ModelFilesError when its files are
 * missing or damaged (unreadable, wrong number of shards, a weight size that
 * does not add up), before anything runs on wrong weights.
 */
export async function loadNsfwjsModel(model: BackboneModel, read: (m: BackboneModel) => Promise<ModelParts> = nsfwjsParts): Promise<tf.LayersModel> {
  let parts: ModelParts;
  try {
    parts = await read(model);
  } catch (err) {
    throw new ModelFilesError(model, (err as Error).message);
  }
  const { modelJson, shards } = parts;
  if (modelJson?.weightsManifest?.length !== 1 || modelJson.weightsManifest[0].paths.length !== shards.length) {
    throw new ModelFilesError(model, `expected one weight group of ${modelJson?.weightsManifest?.[0]?.paths.length ?? '?'} shard(s), found ${shards.length}`);
  }
  const bytes = Buffer.concat(shards);
  // tfjs reads weights by offset; a truncated or padded file would silently shift every weight after it.
  const expected = modelJson.weightsManifest[0].weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * storedBytes(w), 0);
  if (bytes.length !== expected) throw new ModelFilesError(model, `${bytes.length} bytes of weights, the model needs ${expected}`);
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      }),
    );
  } catch (err) {
    throw new ModelFilesError(model, (err as Error).message);
  }
}
