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

export async function loadNsfwjsModel(model: BackboneModel): Promise<tf.LayersModel> {
  let modelJson: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  let bytes: Buffer;
  try {
    const def = await modelDef(model);
    modelJson = ((await def.modelJson()) as { default: typeof modelJson }).default;
    if (modelJson.weightsManifest.length !== 1 || def.weightBundles.length !== modelJson.weightsManifest[0].paths.length) {
      throw new Error(`expected one weight group of ${def.weightBundles.length} shard(s)`);
    }
    const shards = await Promise.all(def.weightBundles.map(async (b) => Buffer.from(((await b()) as { default: string }).default, 'base64')));
    bytes = Buffer.concat(shards);
  } catch (err) {
    throw new ModelFilesError(model, (err as Error).message);
  }
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
