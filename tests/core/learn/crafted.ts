import type { Database } from 'better-sqlite3';
import { BACKBONE_ID, EMBEDDING_DIM, PREPROCESSING } from '../../../electron/core/classify/backbone-info.js';
import { linearHead, serialiseHead } from '../../../electron/core/models/head.js';
import { MANIFEST_FORMAT } from '../../../electron/core/models/manifest.js';
import { insertModel, type ModelRow } from '../../../electron/core/models/store.js';
import { gaussianClusters } from './fixtures.js';
import { evaluationSet } from '../../../electron/core/learn/eval-set.js';
import { learnCatalogue, review, TEMA } from './catalogue.js';

/** The cluster centres learnCatalogue draws its embeddings around (same generator and seed; centres come first). */
export const learnCentres = (seed = 3) => gaussianClusters({ k: 4, perCluster: 0, dim: EMBEDDING_DIM, spread: 3, seed }).centres;

/**
 * A tema version that gives cluster c the label TEMA[predicts[c]] (a linear
 * head whose label columns are the sums of their clusters' centres): a model
 * whose behaviour a test knows exactly, such as one that turned arsitektur
 * into fauna. It records that it trained on none of this catalogue's photos.
 */
export async function craftedVersion(
  db: Database,
  opts: { version: string; predicts: number[]; perLabel: Record<string, number>; accuracy: number; activate?: boolean; seed?: number },
): Promise<ModelRow> {
  const centres = learnCentres(opts.seed);
  const k = TEMA.length;
  const kernel = new Float32Array(EMBEDDING_DIM * k);
  const bias = new Float32Array(k).fill(-1000);
  opts.predicts.forEach((label, c) => {
    bias[label] = 0;
    for (let d = 0; d < EMBEDDING_DIM; d++) kernel[d * k + label] += centres[c][d] * 0.1;
  });
  const model = linearHead(kernel, bias, { inputDim: EMBEDDING_DIM });
  const artifacts = await serialiseHead(model);
  model.dispose();
  return insertModel(db, {
    manifest: {
      format: MANIFEST_FORMAT,
      facet: 'tema',
      version: opts.version,
      labels: TEMA,
      backbone: BACKBONE_ID,
      embeddingDim: EMBEDDING_DIM,
      preprocessing: { ...PREPROCESSING },
      training: { dataset: 'elsewhere', images: Object.values(opts.perLabel).reduce((a, b) => a + b, 0), perLabel: opts.perLabel, imageSha256: [] },
      metrics: { accuracy: opts.accuracy, evaluatedOn: 'its own validation split', validationImages: 57 },
      createdAt: new Date().toISOString(),
    },
    artifacts,
    source: 'imported',
    activate: opts.activate ?? false,
  });
}

/**
 * The case, made exact: the active model labels every cluster right;
 * a new version (trained elsewhere on a lopsided bulk labelling) claims a
 * better accuracy on its own validation split but turns arsitektur into
 * fauna and budaya into flora. Validators reviewed 12 photos of each label;
 * 18 of each are unreviewed.
 */
export async function driftCatalogue() {
  const { ctx, ids, truth } = await learnCatalogue({ perLabel: [30, 30, 30, 30], reviewed: false });
  for (let c = 0; c < 4; c++) ids.filter((_, i) => truth[i] === c).slice(0, 12).forEach((id) => review(ctx.db, id, TEMA[c]));
  const good = await craftedVersion(ctx.db, { version: 'tema-shipped', predicts: [0, 1, 2, 3], perLabel: { arsitektur: 50, budaya: 50, fauna: 50, flora: 50 }, accuracy: 0.76, activate: true });
  const drifted = await craftedVersion(ctx.db, { version: 'tema-v1', predicts: [2, 3, 2, 3], perLabel: { arsitektur: 69, budaya: 23, fauna: 246, flora: 264 }, accuracy: 0.876 });
  const facetId = ctx.db.prepare("SELECT id FROM facets WHERE key = 'tema'").pluck().get() as number;
  const set = evaluationSet(ctx.db, facetId, 5);
  const inSet = (label: string) => [...set.values()].filter((l) => l === label).length;
  return { ctx, good, drifted, set, inSet };
}
