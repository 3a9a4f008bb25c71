import { BACKBONE_ID, EMBEDDING_DIM, POOLED_DIM, PREPROCESSING } from '../../../electron/core/classify/backbone-info.js';
import { serialiseTop, TOP_IN, topBackboneId } from '../../../electron/core/classify/top-block.js';
import { seededRandom } from '../../../electron/core/random.js';
import { createHead, serialiseHead, type HeadArtifacts } from '../../../electron/core/models/head.js';
import { MANIFEST_FORMAT, type ModelManifest } from '../../../electron/core/models/manifest.js';

/** A valid manifest for a head over this app's backbone; override fields to break it. */
export function manifestFor(facet: string, labels: string[], over: Partial<ModelManifest> = {}): ModelManifest {
  return {
    format: MANIFEST_FORMAT,
    facet,
    version: 'test-v1',
    labels,
    backbone: BACKBONE_ID,
    embeddingDim: EMBEDDING_DIM,
    preprocessing: { ...PREPROCESSING },
    training: { dataset: 'generated for tests', images: 0 },
    metrics: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** An untrained head with seeded weights. */
export async function headArtifacts(classes: number, inputDim = EMBEDDING_DIM, seed = 3): Promise<HeadArtifacts> {
  const model = createHead({ inputDim, classes, seed });
  const a = await serialiseHead(model);
  model.dispose();
  return a;
}

/** Top-block bytes with seeded weights in [-0.5, 0.5). */
export function randomTopBytes(seed: number): Buffer {
  const r = seededRandom(seed);
  return serialiseTop({
    kernel: new Float32Array(TOP_IN * POOLED_DIM).map(() => r() - 0.5),
    bias: new Float32Array(POOLED_DIM).map(() => r() - 0.5),
  });
}

export const TOP_DECLARATION = { file: 'backbone-top.bin', layer: 'Conv_1', input: 'block_16_project_BN' };

/** The manifest of a fine-tuned version: backbone named by its top bytes, and the passthrough backboneTop field. */
export function fineTunedManifest(top: Buffer, over: Partial<ModelManifest> = {}): ModelManifest {
  return manifestFor('motif', ['kawung', 'megamendung', 'parang', 'truntum'], { version: 'tuned-v1', backbone: topBackboneId(top), backboneTop: TOP_DECLARATION, ...over });
}

