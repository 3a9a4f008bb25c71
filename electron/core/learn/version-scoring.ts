import type { Database } from 'better-sqlite3';
import { getEmbeddings } from '../classify/embeddings.js';
import { loadHead, predictHead } from '../models/head.js';
import { getModelArtifacts, type ModelRow } from '../models/store.js';
import { reviewedItems } from './dataset.js';
import { argmaxRow, packRows } from './vectors.js';
import type { TrainedDetails } from './versions.js';

// A stored version's predictions on reviewed images, and which of those images
// it trained on or held out: what comparisons, reports and evaluations score.

/** Truth and embeddings of reviewed items right now, for evaluating models on the same images. */
export function reviewedTruth(db: Database, facetId: number, ids: number[] | null): { imageId: number; label: string }[] {
  const items = reviewedItems(db, facetId).filter((it) => it.labelActive);
  const want = ids ? new Set(ids) : null;
  return items.filter((it) => !want || want.has(it.imageId)).map((it) => ({ imageId: it.imageId, label: it.labelKey }));
}

export interface ModelPredictions {
  imageIds: number[];
  truth: string[];
  predicted: string[];
  confidence: number[];
}

/** Run a stored head over the cached embeddings of some reviewed images (those without one are skipped). */
export async function predictReviewed(db: Database, m: ModelRow, items: { imageId: number; label: string }[]): Promise<ModelPredictions> {
  const vectors = getEmbeddings(db, items.map((i) => i.imageId), m.backbone, 0);
  const kept = items.filter((i) => vectors.has(i.imageId));
  const out: ModelPredictions = { imageIds: [], truth: [], predicted: [], confidence: [] };
  if (!kept.length) return out;
  const model = await loadHead(getModelArtifacts(db, m.id));
  try {
    const k = m.labels.length;
    const probs = predictHead(model, packRows(kept.map((i) => vectors.get(i.imageId)!), m.manifest.embeddingDim), kept.length);
    kept.forEach((it, i) => {
      const j = argmaxRow(probs, k, i);
      out.imageIds.push(it.imageId);
      out.truth.push(it.label);
      out.predicted.push(m.labels[j]);
      out.confidence.push(Math.round(probs[i * k + j] * 10000) / 10000);
    });
  } finally {
    model.dispose();
  }
  return out;
}

/**
 * Image ids in a manifest are those of the catalogue that trained the
 * version: elsewhere (an imported folder, a bundled head) they name other
 * photos, so only a version trained here is taken at its ids.
 */
function idsFromHere(m: ModelRow): Partial<TrainedDetails> {
  return m.source === 'trained' ? (m.manifest.training as Partial<TrainedDetails>) : {};
}

/** Images of this catalogue whose file content is one of `hashes`. */
function imagesWithContent(db: Database, hashes: readonly string[]): number[] {
  if (!hashes.length) return [];
  return db.prepare('SELECT id FROM images WHERE sha256 IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(hashes)) as number[];
}

/**
 * The images of this catalogue a version held out (its validation split): by
 * id for versions trained here, else by content hash
 * (training.validationImageSha256). null when it recorded neither.
 */
export function heldOutIds(db: Database, m: ModelRow): number[] | null {
  const t = idsFromHere(m);
  if (Array.isArray(t.validationImageIds)) return t.validationImageIds;
  // Stored manifests are not re-validated on read: take only a list as a list.
  const hashes = m.manifest.training.validationImageSha256;
  return Array.isArray(hashes) ? imagesWithContent(db, hashes) : null;
}

/**
 * The images of this catalogue a version trained on: by id (versions trained
 * here) or by content hash (training.imageSha256, recorded anywhere). null
 * when it recorded neither, so nothing is known.
 */
export function trainedOn(db: Database, m: ModelRow): Set<number> | null {
  const ids = idsFromHere(m).imageIds;
  const hashes = Array.isArray(m.manifest.training.imageSha256) ? m.manifest.training.imageSha256 : null;
  if (!Array.isArray(ids) && !hashes) return null;
  return new Set([...(Array.isArray(ids) ? ids : []), ...imagesWithContent(db, hashes ?? [])]);
}
