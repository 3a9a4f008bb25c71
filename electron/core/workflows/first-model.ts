import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { FirstModelStatus } from '../../common/contract/learn.js';
import { getFacet } from '../catalogue/facets.js';
import { pipelineId } from '../classify/pipeline-setting.js';
import { countImagesWithoutFeatures } from '../classify/embeddings.js';
import { startClassify } from '../classify/job.js';
import { getActiveModel } from '../models/store.js';
import { isRunnable } from '../models/runnable.js';
import { activateVersion } from '../learn/activation.js';
import { TRAIN_DEFAULTS } from '../learn/train.js';
import { startTrainJob, trainJobTitle } from '../learn/train-job.js';
import type { TrainFacetResult } from '../learn/run.js';
import type { JobServices } from '../jobs/services.js';
import type { FirstModelOutcome, FirstModelRuns } from './first-model-runs.js';

/**
 * Cold start: a facet with no model (say "tema", whose four themes no public
 * data covers) gets its first model by itself. Validators label a diverse
 * first batch (learn.suggest); as soon as every label has TRAIN_DEFAULTS.minPerLabel
 * reviewed examples, a training run starts, its version is activated (there
 * is no model to override) and it predicts the images nobody has labelled,
 * so the grid can be sorted by uncertainty. From then on new versions are
 * trained and activated by hand, as ever.
 */

/** What the workflow needs of the open catalogue (its app context has it all). */
type FirstModelServices = JobServices & { firstModels: FirstModelRuns };

/** Reviewed (corrected/validated) images with view-0 features, per active label of the facet. */
function reviewedWithFeatures(db: Database, facetId: number): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT r.label_id AS labelId, COUNT(*) AS n
       FROM reviews r
       JOIN images i ON i.id = r.image_id AND i.superseded_by IS NULL
       JOIN embeddings e ON e.image_id = r.image_id AND e.backbone = ? AND e.view = 0
       WHERE r.facet_id = ? AND r.status IN ('corrected', 'validated')
       GROUP BY r.label_id`,
    )
    .all(pipelineId(db), facetId) as { labelId: number; n: number }[];
  return new Map(rows.map((r) => [r.labelId, r.n]));
}

/** Whether the facet has any model version at all, runnable or not (one indexed query, no manifest read). */
function hasAnyVersion(db: Database, facetKey: string): boolean {
  return db.prepare('SELECT 1 FROM models m JOIN facets f ON f.id = m.facet_id WHERE f.key = ? LIMIT 1').get(facetKey) !== undefined;
}

/** The user's own training of this facet (the Train button's job) is running. */
function userTrainingRunning(ctx: FirstModelServices, facet: string): boolean {
  return ctx.jobs.list().some((j) => j.kind === 'train' && j.state === 'running' && j.title === trainJobTitle(facet));
}

function hasRunnableModel(db: Database, facetKey: string): boolean {
  const active = getActiveModel(db, facetKey);
  return active !== null && isRunnable(active);
}

/** Where a facet stands, from what is registered now (without the catalogue-wide feature count). */
function statusNow(ctx: FirstModelServices, facetKey: string): Omit<FirstModelStatus, 'imagesWithoutFeatures'> {
  const facet = getFacet(ctx.db, facetKey);
  const minPerLabel = TRAIN_DEFAULTS.minPerLabel;
  const counts = reviewedWithFeatures(ctx.db, facet.id);
  const labels = facet.labels.map((l) => ({ key: l.key, name: l.name, reviewed: counts.get(l.id) ?? 0 }));
  const run = ctx.firstModels.running.get(facet.key);
  return {
    facet: facet.key,
    hasModel: hasAnyVersion(ctx.db, facet.key),
    minPerLabel,
    labels,
    // A facet needs two labels to train anything at all.
    ready: labels.length >= 2 && labels.every((l) => l.reviewed >= minPerLabel),
    phase: run?.phase ?? 'idle',
    jobId: run?.jobId ?? null,
    lastError: ctx.firstModels.failed.get(facet.key)?.message ?? null,
  };
}

/** Where a facet stands. The shipped heads were registered when the catalogue was opened: a facet they cover is not a new one. */
export function firstModelStatus(ctx: FirstModelServices, facetKey: string): FirstModelStatus {
  const status = statusNow(ctx, facetKey);
  return { ...status, imagesWithoutFeatures: status.hasModel ? 0 : countImagesWithoutFeatures(ctx.db, pipelineId(ctx.db)) };
}

/** What became of an automatic run: the version it activated (if any), and what went wrong (if anything). */
export type { FirstModelOutcome } from './first-model-runs.js';

/**
 * Why a first model cannot start now, or null when it can. `now`: the user
 * asked (the "train now" button), so an earlier failure does not hold it back.
 */
function whyNot(ctx: FirstModelServices, status: Omit<FirstModelStatus, 'imagesWithoutFeatures'>, now: boolean): ApiError | null {
  if (status.hasModel) {
    return new ApiError('conflict', `Facet "${status.facet}" already has model versions; train new ones from the Models view`).translated('firstModelHasVersions', { facet: status.facet });
  }
  if (status.phase !== 'idle') return new ApiError('conflict', `The first model of facet "${status.facet}" is already ${status.phase}`);
  if (!status.ready) {
    const list = status.labels
      .filter((l) => l.reviewed < status.minPerLabel)
      .map((l) => `"${l.name}" has ${l.reviewed} of ${status.minPerLabel}`)
      .join(', ');
    return new ApiError('invalid_input', `Facet "${status.facet}" is not ready for its first model: every label needs ${status.minPerLabel} reviewed examples${list ? `; ${list}` : ''}`).translated(
      'firstModelNotReady',
      {
        facet: status.facet,
        min: status.minPerLabel,
        list: status.labels.filter((l) => l.reviewed < status.minPerLabel).map((l) => `${l.name} ${l.reviewed}/${status.minPerLabel}`).join(', '),
      },
    );
  }
  const failed = ctx.firstModels.failed.get(status.facet);
  // After a failure, wait for about one more example per label before trying again.
  if (failed && !now && reviewedTotal(status) < failed.reviewed + status.labels.length) {
    return new ApiError('conflict', `The last first-model run of facet "${status.facet}" failed; it is tried again once more labels come in`).translated('firstModelWaits', {
      facet: status.facet,
    });
  }
  // A training the user started for this facet is already under way: its version is theirs to activate.
  if (userTrainingRunning(ctx, status.facet)) {
    return new ApiError('conflict', `A training of facet "${status.facet}" is already running; its version can be activated in the Models view`).translated('trainingRunning', { facet: status.facet });
  }
  return null;
}

const reviewedTotal = (status: Pick<FirstModelStatus, 'labels'>) => status.labels.reduce((a, l) => a + l.reviewed, 0);

/** Start the run for a facet that can have one (whyNot said null); a refusal before it starts is recorded like a failed run. */
function start(ctx: FirstModelServices, facet: string, reviewed: number, augment: boolean | undefined): { jobId: string; finished: Promise<FirstModelOutcome> } | ApiError {
  let job: ReturnType<typeof startTrainJob>['job'];
  try {
    job = startTrainJob(ctx, { facet, augment }, `First model for ${facet}`).job;
  } catch (err) {
    // Refused before it started (say, too few distinct images to hold any out): shown like a failed run.
    const message = err instanceof Error ? err.message : String(err);
    ctx.firstModels.failed.set(facet, { reviewed, message });
    return new ApiError('invalid_input', `The first model of facet "${facet}" could not start: ${message}`);
  }
  ctx.firstModels.running.set(facet, { phase: 'training', jobId: job.id });
  const finished = followUp(ctx, facet, job, reviewed);
  ctx.firstModels.outcomes.set(facet, finished);
  return { jobId: job.id, finished };
}

/**
 * Start the first model of a facet if it has no version at all, every label
 * has enough examples, nothing automatic is running for it, and the last
 * failed attempt (if any) had fewer examples. Returns the training job's id
 * and a promise of the whole run (train, activate, predict; it never rejects),
 * or null. Never throws: a decision must not fail because of it.
 */
export async function startFirstModelIfReady(
  ctx: FirstModelServices,
  facetKey: string,
  opts: { augment?: boolean } = {},
): Promise<{ jobId: string; finished: Promise<FirstModelOutcome> } | null> {
  try {
    // The common case, a facet with versions, costs one query.
    if (hasAnyVersion(ctx.db, facetKey)) return null;
    // From here on nothing awaits until the run is recorded, so two decisions cannot both start one.
    const status = statusNow(ctx, facetKey);
    if (whyNot(ctx, status, false)) return null;
    const run = start(ctx, status.facet, reviewedTotal(status), opts.augment);
    return run instanceof ApiError ? null : run;
  } catch {
    return null;
  }
}

/** After training: activate (unless cancelled late, or a model was made active meanwhile) and predict the rest. */
async function followUp(ctx: FirstModelServices, facet: string, job: { id: string; done: Promise<TrainFacetResult> }, reviewed: number): Promise<FirstModelOutcome> {
  const runs = ctx.firstModels;
  let activated: string | null = null;
  try {
    const result = await job.done;
    // A cancel that came while the version was being stored: keep the version, inactive, as a manual run would.
    if (ctx.jobs.get(job.id).state !== 'done') throw new Error(`Cancelled; ${result.version.version} was kept but not activated`);
    runs.failed.delete(facet);
    // Someone activated or imported a model while it trained: theirs stands.
    if (hasRunnableModel(ctx.db, facet)) return { version: null, error: `${result.version.version} was kept but not activated: another model was made active meanwhile` };
    activateVersion(ctx.db, result.version.id);
    activated = result.version.version;
    ctx.events.emit({ type: 'catalogue-changed', reason: 'model-activated' });
    const predict = await startClassify(ctx, { facet, onlyUnpredicted: true });
    runs.running.set(facet, { phase: 'predicting', jobId: predict.id });
    await predict.done;
    return { version: result.version.version, error: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    runs.failed.set(facet, { reviewed, message });
    return { version: activated, error: message };
  } finally {
    runs.running.delete(facet);
  }
}

/**
 * The "train now" of a new facet: start its first model at once (after a
 * failed run, or when it became ready without a labelling decision here: an
 * undo, another window), or say why not.
 */
export function startFirstModelNow(ctx: FirstModelServices, facetKey: string): FirstModelStatus {
  const status = firstModelStatus(ctx, facetKey);
  if (status.phase !== 'idle') return status;
  const refused = whyNot(ctx, status, true) ?? start(ctx, status.facet, reviewedTotal(status), undefined);
  if (refused instanceof ApiError) throw refused;
  return { ...statusNow(ctx, status.facet), imagesWithoutFeatures: status.imagesWithoutFeatures };
}
