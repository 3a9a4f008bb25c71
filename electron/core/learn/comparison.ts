import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { mcnemarExact } from './mcnemar.js';
import { isRunnable } from '../models/runnable.js';
import { getFacet, labelNames } from '../catalogue/facets.js';
import { wilsonInterval } from '../../common/interval.js';
import type { Comparison } from '../../common/contract/index.js';
import { evaluationSet } from './eval-set.js';
import { TRAIN_DEFAULTS } from './train.js';
import { getModel, type ModelRow } from '../models/store.js';
import { heldOutIds, predictReviewed, reviewedTruth, trainedOn, type ModelPredictions } from './version-scoring.js';

// Two versions compared on the same reviewed images neither trained on:
// accuracy with Wilson intervals, McNemar's test, and the disagreements.

/** A caveat for versions that recorded nothing usable here about their training images (bundled or imported without hashes): they may have seen these. */
function unknownTraining(ms: { m: ModelRow; seen: Set<number> | null }[]): string {
  const unknown = ms.filter((x) => x.seen === null).map((x) => x.m.version);
  return unknown.length
    ? `; ${unknown.join(' and ')} did not record which images trained ${unknown.length > 1 ? 'them' : 'it'}, so if these photos were among them its score here is optimistic`
    : '';
}

function confusionOf(labels: string[], p: ModelPredictions): number[][] {
  const m = labels.map(() => labels.map(() => 0));
  p.truth.forEach((t, i) => {
    const a = labels.indexOf(t);
    const b = labels.indexOf(p.predicted[i]);
    if (a >= 0 && b >= 0) m[a][b]++;
  });
  return m;
}

/** One version's score in a comparison (the contract's declaration). */
type ComparedSide = Comparison['a'];

/**
 * Compare two versions of a facet on the SAME images: the facet's evaluation
 * set (eval-set.ts; kept apart from all training) minus anything either was
 * trained on (a model scored on its own training images looks better than it
 * is; trainedOn finds them by id or by content hash), with today's labels.
 * Without such images (a facet too young for an evaluation set), the
 * validation items either held out, on the same terms.
 */
export async function compareVersions(db: Database, idA: number, idB: number): Promise<Comparison> {
  const a = getModel(db, idA);
  const b = getModel(db, idB);
  if (a.facetId !== b.facetId) throw new ApiError('invalid_input', `Versions ${a.version} (${a.facetKey}) and ${b.version} (${b.facetKey}) are for different facets`);
  const trained = [a, b].map((m) => ({ m, seen: trainedOn(db, m) }));
  const seen = new Set(trained.flatMap((x) => [...(x.seen ?? [])]));
  const heldA = heldOutIds(db, a);
  const heldB = heldOutIds(db, b);
  const evaluation = [...evaluationSet(db, a.facetId, TRAIN_DEFAULTS.minPerLabel).keys()].filter((id) => !seen.has(id));
  const held = [...new Set([...(heldA ?? []), ...(heldB ?? [])])];
  const ids = evaluation.length ? evaluation : held.length ? held.filter((id) => !seen.has(id)) : null;
  const items = reviewedTruth(db, a.facetId, ids).filter((it) => !seen.has(it.imageId));
  if (!items.length) {
    throw new ApiError('invalid_input', `No reviewed image is held out from both ${a.version} and ${b.version}; there is nothing fair to compare them on`).translated('nothingFairToCompare', { a: a.version, b: b.version });
  }
  const [pa, pb] = [await predictReviewed(db, a, items), await predictReviewed(db, b, items)];
  // Only images both could score (embedding present for both backbones).
  const common = new Set(pa.imageIds.filter((id) => pb.imageIds.includes(id)));
  if (!common.size) {
    const stale = [a, b].filter((m) => !isRunnable(m)).map((m) => m.version);
    throw new ApiError(
      'invalid_input',
      `Cannot compare ${a.version} and ${b.version}: none of the ${items.length} held-out reviewed image(s) has cached features for both. ` +
        (stale.length
          ? `${stale.join(' and ')} read${stale.length === 1 ? 's' : ''} features of an earlier release's backbone, which cannot be computed again (they are gone after \`canting embeddings prune\`).`
          : `Classify facet "${a.facetKey}" with each version first.`),
    );
  }
  const pick = (p: ModelPredictions): ModelPredictions => {
    const idx = p.imageIds.map((id, i) => (common.has(id) ? i : -1)).filter((i) => i >= 0);
    return { imageIds: idx.map((i) => p.imageIds[i]), truth: idx.map((i) => p.truth[i]), predicted: idx.map((i) => p.predicted[i]), confidence: idx.map((i) => p.confidence[i]) };
  };
  const A = pick(pa);
  const B = pick(pb);
  const labels = [...new Set([...a.labels, ...b.labels])];
  const onlyA = A.imageIds.filter((_, i) => A.predicted[i] === A.truth[i] && B.predicted[i] !== B.truth[i]).length;
  const onlyB = A.imageIds.filter((_, i) => B.predicted[i] === B.truth[i] && A.predicted[i] !== A.truth[i]).length;
  const side = (m: ModelRow, p: ModelPredictions): ComparedSide => {
    const correct = p.truth.filter((t, i) => t === p.predicted[i]).length;
    const n = p.truth.length;
    return { id: m.id, version: m.version, accuracy: n ? Math.round((correct / n) * 10000) / 10000 : 0, correct, interval: wilsonInterval(correct, n), confusion: confusionOf(labels, p) };
  };
  return {
    labels,
    items: A.imageIds.length,
    itemsNote:
      (evaluation.length
        ? "images of the facet's evaluation set (kept apart from all training) used to train neither version, with their current reviewed labels"
        : ids
        ? 'images held out for validation by either version and used to train neither, with their current reviewed labels'
        : `every reviewed image used to train neither version (${heldA === null && heldB === null ? 'neither recorded a validation split' : 'none of the images they held out for validation is in this catalogue'}), with its current label`) +
      unknownTraining(trained),
    basis: evaluation.length ? 'evaluationSet' : ids ? 'heldOut' : heldA === null && heldB === null ? 'noSplit' : 'splitNotHere',
    labelNames: labelNames(getFacet(db, a.facetKey)),
    untracked: trained.filter((x) => x.seen === null).map((x) => x.m.version),
    onlyA,
    onlyB,
    pValue: Math.round(mcnemarExact(onlyA, onlyB) * 10000) / 10000,
    a: side(a, A),
    b: side(b, B),
    disagreements: A.imageIds
      .map((imageId, i) => ({ imageId, truth: A.truth[i], a: A.predicted[i], b: B.predicted[i], aConfidence: A.confidence[i], bConfidence: B.confidence[i] }))
      .filter((d) => d.a !== d.b),
  };
}
