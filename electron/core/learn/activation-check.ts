import type { Database } from 'better-sqlite3';
import { getFacet, labelNames } from '../catalogue/facets.js';
import { getActiveModel, getModel, type ModelRow } from '../models/store.js';
import { isRunnable } from '../models/runnable.js';
import { reviewedItems } from './dataset.js';
import { evaluationSet } from './eval-set.js';
import { evaluateVersion, type VersionEvaluation } from './evaluation.js';
import type { Comparison } from '../../common/contract/index.js';
import { compareVersions } from './comparison.js';
import { predictReviewed } from './version-scoring.js';
import { TRAIN_DEFAULTS } from './train.js';
import { findBackbone } from '../classify/backbones/definitions.js';
import { headMatchesPipeline, pipelineId, pipelineOfBackbone } from '../classify/pipeline-setting.js';

/**
 * What activating a version would do, shown before it is done (Models panel,
 * `canting registry activate`): how it scores on the evaluation set beside
 * the active model, how many labels of the images nobody reviewed it would
 * change and into what, and whether its training labels' balance differs
 * strongly from the catalogue's. A version trained on a lopsided bulk
 * labelling can look better on its own validation split while turning
 * Kawung into Mega Mendung across the archive; this is where that shows.
 */

/** A label's share of the training labels under a third of its share of the catalogue: the version will under-predict it. */
export const UNDERREPRESENTED = 1 / 3;

/** Comparisons with p below this are taken as a real difference. */
const SIGNIFICANT = 0.05;

export interface PredictionShift {
  /** Unreviewed images both models could label. */
  images: number;
  /** Of those, how many would get another label. */
  changed: number;
  /** From the active model's label to the candidate's, largest first. */
  transitions: { from: string; to: string; count: number }[];
}

export interface ActivationCheck {
  facet: string;
  candidate: { id: number; version: string };
  active: { id: number; version: string } | null;
  labelNames: Record<string, string>;
  /** The candidate alone on the evaluation set (0 images: untested). */
  evaluation: VersionEvaluation;
  /** Candidate (a) against the active model (b) on the same images; null without an active model, or nothing fair to compare on. */
  comparison: Comparison | null;
  shift: PredictionShift | null;
  /** Labels the candidate's training under-represents against the catalogue (reviewed labels and the active model's labels of the rest). */
  imbalance: { label: string; trained: number; trainedShare: number; expectedShare: number }[];
  pipeline: { needs: string; catalogue: string } | null;
  warnings: ('worse' | 'untested' | 'imbalance' | 'pipeline')[];
}

/** Images of the facet no validator corrected or validated. */
function unreviewedIds(db: Database, facetId: number): number[] {
  return db
    .prepare(
      `SELECT i.id FROM images i WHERE i.superseded_by IS NULL
       AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.image_id = i.id AND r.facet_id = ? AND r.status IN ('corrected', 'validated'))
       ORDER BY i.id`,
    )
    .pluck()
    .all(facetId) as number[];
}

/** Labels of the given images by a model (images it has no features for are left out). */
async function labelsBy(db: Database, m: ModelRow, ids: readonly number[]): Promise<Map<number, string>> {
  // No truth here: the helper's truth column is left empty and unused.
  const p = await predictReviewed(db, m, ids.map((imageId) => ({ imageId, label: '' })));
  return new Map(p.imageIds.map((id, i) => [id, p.predicted[i]]));
}

function shiftOf(before: ReadonlyMap<number, string>, after: ReadonlyMap<number, string>): PredictionShift {
  const counts = new Map<string, { from: string; to: string; count: number }>();
  let images = 0;
  for (const [id, from] of before) {
    const to = after.get(id);
    if (to === undefined) continue;
    images++;
    if (to === from) continue;
    const key = `${from}\u0000${to}`;
    const t = counts.get(key) ?? { from, to, count: 0 };
    t.count++;
    counts.set(key, t);
  }
  const transitions = [...counts.values()].sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { images, changed: transitions.reduce((n, t) => n + t.count, 0), transitions };
}

/** The catalogue's labels as best known now: reviewed labels, and the active model's for the rest. */
function catalogueCounts(db: Database, facetId: number, activeLabels: ReadonlyMap<number, string>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
  for (const it of reviewedItems(db, facetId)) if (it.labelActive) add(it.labelKey);
  for (const label of activeLabels.values()) add(label);
  return counts;
}

function imbalanceOf(candidate: ModelRow, catalogue: ReadonlyMap<string, number>): ActivationCheck['imbalance'] {
  const trained = candidate.manifest.training.perLabel ?? {};
  const trainedTotal = Object.values(trained).reduce((a, b) => a + b, 0);
  const catalogueTotal = [...catalogue.values()].reduce((a, b) => a + b, 0);
  if (!trainedTotal || !catalogueTotal) return [];
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return candidate.labels
    .map((label) => ({ label, trained: trained[label] ?? 0, trainedShare: (trained[label] ?? 0) / trainedTotal, expectedShare: (catalogue.get(label) ?? 0) / catalogueTotal }))
    .filter((x) => x.trainedShare < x.expectedShare * UNDERREPRESENTED)
    .map((x) => ({ ...x, trainedShare: round(x.trainedShare), expectedShare: round(x.expectedShare) }));
}

export async function activationCheck(db: Database, id: number): Promise<ActivationCheck> {
  const candidate = getModel(db, id);
  const facet = getFacet(db, candidate.facetKey);
  const current = getActiveModel(db, candidate.facetKey);
  const active = current && current.id !== candidate.id && isRunnable(current) ? current : null;
  const evaluation = await evaluateVersion(db, candidate, evaluationSet(db, facet.id, TRAIN_DEFAULTS.minPerLabel));
  let comparison: Comparison | null = null;
  let shift: PredictionShift | null = null;
  let imbalance: ActivationCheck['imbalance'] = [];
  if (active) {
    comparison = await compareVersions(db, candidate.id, active.id).catch(() => null);
    const unreviewed = unreviewedIds(db, facet.id);
    const before = await labelsBy(db, active, unreviewed);
    shift = shiftOf(before, await labelsBy(db, candidate, unreviewed));
    imbalance = imbalanceOf(candidate, catalogueCounts(db, facet.id, before));
  }
  const warnings: ActivationCheck['warnings'] = [];
  if (comparison && comparison.a.correct < comparison.b.correct && comparison.pValue < SIGNIFICANT) warnings.push('worse');
  if (!evaluation.images) warnings.push('untested');
  if (imbalance.length) warnings.push('imbalance');
  // Active, it could not classify (classify refuses a head of another pipeline) until the pipeline is switched back.
  const needs = pipelineOfBackbone(candidate.backbone);
  const pipeline = needs && !headMatchesPipeline(db, candidate) ? { needs: needs.label, catalogue: findBackbone(pipelineId(db))?.label ?? pipelineId(db) } : null;
  if (pipeline) warnings.push('pipeline');
  return {
    facet: facet.key,
    candidate: { id: candidate.id, version: candidate.version },
    active: active ? { id: active.id, version: active.version } : null,
    labelNames: labelNames(facet),
    evaluation,
    comparison,
    shift,
    imbalance,
    pipeline,
    warnings,
  };
}
