import type { Database } from 'better-sqlite3';
import { wilsonInterval, type Interval } from '../../common/interval.js';
import { getFacet } from '../catalogue/facets.js';
import { listModels, type ModelRow } from '../models/store.js';
import { isRunnable } from '../models/runnable.js';
import { EVALUATION_FROM, EVALUATION_MIN, EVALUATION_SHARE, evaluationSet } from './eval-set.js';
import { predictReviewed, trainedOn } from './version-scoring.js';
import { TRAIN_DEFAULTS } from './train.js';

/**
 * Every version of a facet measured on its evaluation set (eval-set.ts): the
 * one figure that compares them all on the same photos, none of which they
 * trained on. A version that recorded its training images is measured
 * without those (a shipped head may have trained on photos that are in this
 * archive); one that recorded nothing is flagged as possibly optimistic.
 */

export interface EvaluationScore {
  /** Images of the evaluation set it was measured on (its own training images and images without features left out). */
  images: number;
  correct: number;
  accuracy: number | null;
  /** 95 % Wilson interval of the accuracy. */
  interval: Interval | null;
}

export interface VersionEvaluation extends EvaluationScore {
  id: number;
  version: string;
  active: boolean;
  /** Images of the evaluation set it trained on, left out of its score. */
  seenInTraining: number;
  /** It did not record its training images: if these photos were among them, its score is optimistic. */
  untracked: boolean;
}

export interface FacetEvaluation {
  facet: string;
  /** Images in the evaluation set now, and per label. */
  images: number;
  perLabel: Record<string, number>;
  /** How the set is drawn, for the interface to explain it. */
  rule: { share: number; from: number; min: number };
  versions: VersionEvaluation[];
}

/** A version's score on the given images with their reviewed labels (those it has no features for are skipped). */
export async function scoreOn(db: Database, m: ModelRow, truth: ReadonlyMap<number, string>): Promise<EvaluationScore> {
  const p = await predictReviewed(db, m, [...truth].map(([imageId, label]) => ({ imageId, label })));
  const correct = p.truth.filter((t, i) => t === p.predicted[i]).length;
  const n = p.truth.length;
  return { images: n, correct, accuracy: n ? Math.round((correct / n) * 10000) / 10000 : null, interval: wilsonInterval(correct, n) };
}

/** One version on the facet's evaluation set, less the images it trained on. */
export async function evaluateVersion(db: Database, m: ModelRow, set: ReadonlyMap<number, string>): Promise<VersionEvaluation> {
  const seen = trainedOn(db, m);
  const unseen = new Map([...set].filter(([id]) => !seen?.has(id)));
  const score = isRunnable(m) ? await scoreOn(db, m, unseen) : { images: 0, correct: 0, accuracy: null, interval: null };
  return { id: m.id, version: m.version, active: m.active, ...score, seenInTraining: set.size - unseen.size, untracked: seen === null };
}

export async function evaluateFacet(db: Database, facetKey: string): Promise<FacetEvaluation> {
  const facet = getFacet(db, facetKey);
  const set = evaluationSet(db, facet.id, TRAIN_DEFAULTS.minPerLabel);
  const perLabel: Record<string, number> = Object.fromEntries(facet.labels.map((l) => [l.key, 0]));
  for (const label of set.values()) perLabel[label] = (perLabel[label] ?? 0) + 1;
  const versions: VersionEvaluation[] = [];
  for (const m of listModels(db, facetKey).reverse()) versions.push(await evaluateVersion(db, m, set));
  return {
    facet: facet.key,
    images: set.size,
    perLabel,
    rule: { share: EVALUATION_SHARE, from: EVALUATION_FROM, min: EVALUATION_MIN },
    versions,
  };
}
