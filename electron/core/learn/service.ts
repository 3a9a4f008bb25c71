import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getFacet } from '../catalogue/facets.js';
// The catalogue's pipeline's features: suggestions and similar images read what classification computes.
import { pipelineId } from '../classify/pipeline-setting.js';
import { decodeVector, getEmbedding } from '../classify/embeddings.js';
import { nextBatch, type NextBatch } from './active.js';
import { trainCommittee } from './committee.js';
import { loadTrainingSet, reviewedItems } from './dataset.js';
import { nearestNeighbours } from './similar.js';
import { findSuspects } from './suspects.js';

/** Catalogue-side glue for active learning, suspect labels and similar images (the algorithms are pure). */

function allEmbeddings(db: Database, backbone: string): Map<number, Float32Array> {
  const rows = db
    .prepare(
      `SELECT e.image_id AS id, e.vector FROM embeddings e JOIN images i ON i.id = e.image_id
       WHERE e.backbone = ? AND e.view = 0 AND i.superseded_by IS NULL ORDER BY e.image_id`,
    )
    .all(backbone) as { id: number; vector: Buffer }[];
  return new Map(rows.map((r) => [r.id, decodeVector(r.vector)]));
}

export async function suggestNext(db: Database, facetKey: string, limit = 20, seed = 1): Promise<{ mode: NextBatch['mode']; items: { imageId: number; score: number | null }[]; unlabelled: number }> {
  const set = loadTrainingSet(db, facetKey, pipelineId(db));
  const reviewed = new Set(reviewedItems(db, set.facet.id).map((r) => r.imageId));
  const candidates = [...allEmbeddings(db, pipelineId(db)).entries()].filter(([id]) => !reviewed.has(id));
  if (!candidates.length) return { mode: 'diverse', items: [], unlabelled: 0 };
  const batch = await nextBatch(set.examples, candidates.map(([, v]) => v), set.labels, Math.min(limit, candidates.length), { seed });
  return {
    mode: batch.mode,
    items: batch.indices.map((j, n) => ({ imageId: candidates[j][0], score: batch.scores ? Math.round(batch.scores[n] * 10000) / 10000 : null })),
    unlabelled: candidates.length,
  };
}

/** Out-of-fold heads for suspect labels: three find as many planted errors on batik-irina4 as five, in half the time. */
const SUSPECT_FOLDS = 3;

export async function suspectLabels(db: Database, facetKey: string, limit = 100, seed = 1) {
  const set = loadTrainingSet(db, facetKey, pipelineId(db));
  const counts = set.labels.map((l) => set.summary.perLabel[l]);
  const present = set.labels.map((_, c) => c).filter((c) => counts[c] >= 2);
  if (present.length < 2) {
    throw new ApiError('invalid_input', `Finding suspect labels in facet "${facetKey}" needs at least two labels with 2 or more reviewed images each`);
  }
  const remap = new Map(present.map((c, i) => [c, i]));
  const idx = set.examples.map((e, i) => (remap.has(e.label) ? i : -1)).filter((i) => i >= 0);
  const examples = idx.map((i) => ({ ...set.examples[i], label: remap.get(set.examples[i].label)! }));
  const labels = present.map((c) => set.labels[c]);
  const committee = await trainCommittee(examples, labels, { folds: Math.min(SUSPECT_FOLDS, Math.max(2, Math.floor(examples.length / 4))), minPerLabel: 2, seed });
  const name = (key: string) => set.facet.labels.find((l) => l.key === key)?.name ?? key;
  try {
    const found = findSuspects(committee.outOfFold, labels.length, examples.map((e) => e.label));
    return {
      checked: examples.length,
      items: found.slice(0, limit).map((s) => ({
        imageId: set.imageIds[idx[s.index]],
        given: labels[s.given],
        predicted: labels[s.predicted],
        givenName: name(labels[s.given]),
        predictedName: name(labels[s.predicted]),
        givenProbability: Math.round(s.givenProbability * 10000) / 10000,
        predictedProbability: Math.round(s.predictedProbability * 10000) / 10000,
      })),
    };
  } finally {
    committee.dispose();
  }
}

export function similarImages(db: Database, imageId: number, opts: { limit?: number; facet?: string; onlyUnreviewed?: boolean } = {}) {
  const query = getEmbedding(db, imageId, pipelineId(db), 0);
  if (!query) throw new ApiError('invalid_input', `Image ${imageId} has no features yet; compute them first (“Compute features now” in the app, or “canting features”) to find similar images`);
  const exclude = new Set([imageId]);
  if (opts.onlyUnreviewed) {
    if (!opts.facet) throw new ApiError('invalid_input', 'onlyUnreviewed needs a facet');
    for (const r of reviewedItems(db, getFacet(db, opts.facet).id)) exclude.add(r.imageId);
  }
  return { items: nearestNeighbours(query, allEmbeddings(db, pipelineId(db)), opts.limit ?? 24, exclude).map((n) => ({ imageId: n.id, similarity: n.similarity })) };
}
