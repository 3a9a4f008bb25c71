import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { catalogueBackbone, canFineTune } from '../classify/pipeline-setting.js';
import type { TopBlock } from '../classify/top-block.js';
import { getEmbeddings, sampleEmbeddings } from '../classify/embeddings.js';
import type { ModelRow } from '../models/store.js';
import { AUGMENTATIONS, cacheAugmentedViews, type Embedder } from './augment.js';
import { checkTrainingSet, loadTrainingSet, type TrainingSet } from './dataset.js';
import { evaluationSet } from './eval-set.js';
import { getFacet } from '../catalogue/facets.js';
import { FINE_TUNE_DEFAULTS, type FineTuneEpoch } from './finetune.js';
import { fineTuneStage, type FineTuneStageResult } from './finetune-stage.js';
import { registerTrainedHead, versionInfo } from './versions.js';
import type { TrainNote, TrainResult } from '../../common/contract/index.js';
import { trainNote } from './train-notes.js';
import { TRAIN_DEFAULTS, trainHead, type EpochLog, type TrainedHead, type TrainOptions } from './train.js';
import type { TrainPhase } from './train-phase.js';

/**
 * One training run for a facet, start to finish: reviewed labels →
 * (augmented views) → head → a new inactive version in the registry. The
 * registry is written once, at the very end, so cancelling or closing the
 * app mid-run leaves it as it was.
 */

/** Catalogue embeddings (reviewed or not) whose spread standardises the features; enough to estimate 1,920 spreads. */
const FEATURE_POOL_SIZE = 2000;

export interface TrainFacetParams {
  facet: string;
  epochs?: number;
  minPerLabel?: number;
  seed?: number;
  /** Compute (once, cached) and use augmented views. Needs the backbone. */
  augment?: boolean;
  /**
   * After the head, fine-tune the backbone's top block with it (finetune.ts).
   * Minutes on wasm; meant for tfjs-node. Needs the images' files.
   */
  fineTune?: boolean;
}

export interface TrainFacetHooks {
  signal?: AbortSignal;
  onEpoch?: (log: EpochLog, maxEpochs: number) => void;
  onPhase?: (phase: TrainPhase) => void;
  /**
   * Opens the backbone: embeddings for augmentation (absent or failing = train without augmented
   * views), or block 16's output for fine-tuning (output 'top-input').
   */
  openEmbedder?: (output?: 'top-input') => Promise<{ embed: Embedder; close: () => Promise<void> }>;
  onFineTuneEpoch?: (log: FineTuneEpoch) => void;
  /** Block-16 maps fine-tuning may hold in memory (default MAX_TOP_INPUTS, ~380 MB). */
  fineTuneMaxInputs?: number;
  /** Start fine-tuning from this top block instead of the backbone's own (tests: a start with something to repair). */
  fineTuneStartTop?: TopBlock;
}

/** What a training run returns: the contract's TrainResult (the train job's result). */
export type TrainFacetResult = TrainResult;

/** Throws ApiError('invalid_input') with what is missing; cheap, so callers run it before starting a job. */
export function prepareTraining(db: Database, params: TrainFacetParams) {
  // The evaluation set is never trained on: every version is measured on it.
  const evaluation = evaluationSet(db, getFacet(db, params.facet).id, TRAIN_DEFAULTS.minPerLabel);
  // The catalogue's pipeline's features (pipeline-setting.ts): what its classification will compute.
  const set = loadTrainingSet(db, params.facet, catalogueBackbone(db).id, { evaluation });
  checkTrainingSet(set, params.minPerLabel ?? TRAIN_DEFAULTS.minPerLabel);
  return set;
}

export async function trainFacet(db: Database, params: TrainFacetParams, hooks: TrainFacetHooks = {}): Promise<TrainFacetResult> {
  const started = performance.now();
  const set = prepareTraining(db, params);
  const pipeline = catalogueBackbone(db);
  const notes: TrainNote[] = [];
  // Augmented views and fine-tuning run MobileNetV2's engine (its 224 px input, its top block):
  // on another pipeline the head is trained on the frozen features alone, and the notes say so.
  const frozenOnly = !canFineTune(pipeline.id);
  if (frozenOnly && (params.fineTune || params.augment)) {
    notes.push(
      trainNote(
        `head only on the ${pipeline.label} pipeline: its backbone is not fine-tuned and no augmented views are computed (only MobileNetV2 supports them)`,
        'pipelineHeadOnly',
        { pipeline: pipeline.label },
      ),
    );
    params = { ...params, fineTune: false, augment: false };
  }
  const { removedLabels, withoutEmbedding, evaluation } = set.summary;
  if (removedLabels.length) {
    notes.push(
      trainNote(`left out ${removedLabels.map((r) => `${r.count} image(s) labelled "${r.label}" (label removed from the facet)`).join(', ')}`, 'removedLabels', {
        list: removedLabels.map((r) => `${r.label} ${r.count}`).join(', '),
      }),
    );
  }
  if (withoutEmbedding) notes.push(trainNote(`left out ${withoutEmbedding} reviewed image(s) without an embedding (not classified yet)`, 'withoutEmbedding', { count: withoutEmbedding }));
  if (evaluation) notes.push(trainNote(`left out the ${evaluation} reviewed image(s) of the evaluation set`, 'evaluationLeftOut', { count: evaluation }));

  const views = AUGMENTATIONS.map((a) => a.view);
  if (params.augment && hooks.openEmbedder) {
    hooks.onPhase?.({ message: 'augmenting', key: 'augmentingStart' });
    try {
      const embedder = await hooks.openEmbedder();
      try {
        const r = await cacheAugmentedViews(db, pipeline.id, set.imageIds, embedder.embed, {
          signal: hooks.signal,
          onProgress: (done, total) => hooks.onPhase?.({ message: `augmenting ${done}/${total}`, key: 'augmenting', progress: { done, total } }),
        });
        if (r.failed.length) {
          notes.push(trainNote(`${r.failed.length} augmented view(s) could not be computed (${r.failed[0].message})`, 'augmentFailed', { count: r.failed.length, reason: r.failed[0].message }));
        }
      } finally {
        await embedder.close();
      }
    } catch (err) {
      notes.push(trainNote(`augmented views unavailable: ${(err as Error).message}`, 'augmentUnavailable', { reason: (err as Error).message }));
    }
  }
  let augmentedViews = 0;
  if (params.augment) {
    // Whatever views are cached (all or none per view number) join the training side.
    const byView = views.map((v) => getEmbeddings(db, set.imageIds, pipeline.id, v));
    const complete = byView.filter((m) => m.size === set.imageIds.length);
    augmentedViews = complete.length;
    set.examples.forEach((e, i) => {
      e.views = complete.map((m) => m.get(set.imageIds[i])!);
    });
  }
  if (hooks.signal?.aborted) throw cancelled();

  const epochs = params.epochs ?? TRAIN_DEFAULTS.epochs;
  // Epochs are the unit from here (the most: early stopping may end sooner), so the ETA is an upper bound.
  hooks.onPhase?.({ message: 'training', key: 'training', progress: { done: 0, total: epochs } });
  const options: TrainOptions = {
    epochs,
    seed: params.seed,
    minPerLabel: params.minPerLabel,
    signal: hooks.signal,
    calibrate: true,
    onEpoch: (log) => hooks.onEpoch?.(log, epochs),
    featurePool: sampleEmbeddings(db, pipeline.id, FEATURE_POOL_SIZE),
  };
  const headOnly = await trainHead(set.examples, set.labels, options);
  let tuned: FineTuneStageResult | null = null;
  let row: ModelRow;
  try {
    if (params.fineTune) tuned = await runFineTune(db, set, headOnly, params, hooks, notes);
    if (hooks.signal?.aborted) throw cancelled();
    const trained = tuned?.trained ?? headOnly;
    row = await registerTrainedHead(db, set, trained, {
      augmentedViews,
      notes,
      pipeline,
      fineTuned: tuned ? { backboneTop: tuned.backboneTop, backboneId: tuned.backboneId, ...tuned.fineTune } : undefined,
    });
  } finally {
    headOnly.model.dispose();
    tuned?.trained.model.dispose();
  }
  const trained = tuned?.trained ?? headOnly;
  return {
    version: versionInfo(db, row),
    history: trained.history,
    bestEpoch: trained.bestEpoch,
    stoppedEarly: trained.stoppedEarly,
    seconds: Math.round((performance.now() - started) / 10) / 100,
    augmentedViews,
    fineTuned: Boolean(tuned),
    notes,
  };
}

async function runFineTune(db: Database, set: TrainingSet, headOnly: TrainedHead, params: TrainFacetParams, hooks: TrainFacetHooks, notes: TrainNote[]) {
  if (!hooks.openEmbedder) {
    notes.push(trainNote('fine-tuning skipped: no backbone available here; only the head was trained', 'fineTuneNoBackbone'));
    return null;
  }
  hooks.onPhase?.({ message: 'fine-tuning: starting the backbone', key: 'fineTuneStarting' });
  const embedder = await hooks.openEmbedder('top-input');
  try {
    return await fineTuneStage(db, set, headOnly, embedder.embed, {
      augment: Boolean(params.augment),
      seed: params.seed,
      // --epochs caps fine-tuning too (its own default is shorter than the head's).
      epochs: params.epochs === undefined ? undefined : Math.min(params.epochs, FINE_TUNE_DEFAULTS.epochs),
      signal: hooks.signal,
      maxInputs: hooks.fineTuneMaxInputs,
      startTop: hooks.fineTuneStartTop,
      notes,
      onPhase: hooks.onPhase,
      onEpoch: hooks.onFineTuneEpoch,
    });
  } finally {
    await embedder.close();
  }
}

function cancelled(): ApiError {
  return new ApiError('cancelled', 'Training cancelled; the model registry is unchanged');
}
