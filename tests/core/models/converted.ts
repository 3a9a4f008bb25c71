import fs from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { serialiseHead } from '../../../electron/core/models/head.js';

/**
 * Write a model exactly as `tensorflowjs_converter --input_format keras head.h5 out/`
 * lays it out: model.json (the Keras config under modelTopology.model_config)
 * and one group1-shard1of1.bin, with no Canting manifest.json.
 */
export async function writeConverted(dir: string, model: tf.LayersModel): Promise<void> {
  const { topology, weights } = await serialiseHead(model);
  const json = JSON.parse(topology) as { modelTopology: object; weightsManifest: { weights: unknown[] }[] };
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: json.modelTopology },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: json.weightsManifest.flatMap((g) => g.weights) }],
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  fs.writeFileSync(path.join(dir, 'group1-shard1of1.bin'), weights);
}
