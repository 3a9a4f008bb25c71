import { BACKBONE_ID, EMBEDDING_DIM, PREPROCESSING } from '../../../electron/core/classify/backbone-info.js';
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
