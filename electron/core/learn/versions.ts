import type { Database } from 'better-sqlite3';
import type { ModelVersion, TrainNote } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import { isRunnable } from '../models/runnable.js';
import { BACKBONE_ID, EMBEDDING_DIM, isFineTunedBackbone, PREPROCESSING, TOP_INPUT_LAYER } from '../classify/backbone-info.js';
import type { BackboneDefinition } from '../classify/backbones/definitions.js';
import { pipelineId, pipelineOfBackbone } from '../classify/pipeline-setting.js';
import { serialiseHead } from '../models/head.js';
import { MANIFEST_FORMAT, type ModelManifest } from '../models/manifest.js';
import { insertModel, listModels, BACKBONE_TOP_FILE, type ModelRow } from '../models/store.js';
import type { TrainingSet } from './dataset.js';
import type { TrainedHead } from './train.js';
import type { FineTuned, FineTuneEpoch } from './finetune.js';

/**
 * The model registry on top of the `models` table (models/store.ts): a
 * trained head becomes a new, inactive version with its manifest, training
 * data summary and held-out metrics, and what a version says to the user.
 * Activation and roll-back (activation.ts), the listing (version-list.ts),
 * comparison (comparison.ts) and folders (version-folders.ts) build on it.
 */

/**
 * Extra manifest fields a trained version carries (the manifest schema passes
 * unknown keys through). The ids are this catalogue's; training.imageSha256
 * (in the schema) names the same training images by content, for elsewhere.
 */
export interface TrainedDetails {
  imageIds: number[];
  validationImageIds: number[];
  validators: { name: string; count: number }[];
  dateRange: { from: string; to: string } | null;
}

/** What registering a version with a fine-tuned top block adds (finetune-stage.ts). */
export interface FineTunedDetails {
  backboneTop: Buffer;
  backboneId: string;
  history: FineTuneEpoch[];
  bestEpoch: number;
  options: FineTuned['options'];
  views: number;
  headOnlyValidationAccuracy: number;
  /** The TensorFlow.js backend the fine-tuning ran on. */
  backend: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The content hashes (images.sha256) of catalogue images, in the order given. */
function imageHashes(db: Database, ids: readonly number[]): string[] {
  const stmt = db.prepare('SELECT sha256 FROM images WHERE id = ?').pluck();
  return ids.map((id) => {
    const hash = stmt.get(id) as string | undefined;
    if (hash === undefined) throw new ApiError('not_found', `No image with id ${id} (it trained this version)`);
    return hash;
  });
}

function nextVersion(db: Database, facetKey: string): string {
  const existing = new Set(listModels(db, facetKey).map((m) => m.version));
  let n = listModels(db, facetKey).filter((m) => m.source === 'trained').length + 1;
  while (existing.has(`${facetKey}-v${n}`)) n++;
  return `${facetKey}-v${n}`;
}

/**
 * Store a trained head as a new version, NOT active. One transaction
 * (insertModel), written only at the end of training, so an interrupted or
 * failed run leaves the registry exactly as it was.
 */
export async function registerTrainedHead(
  db: Database,
  set: TrainingSet,
  trained: TrainedHead,
  extra: { augmentedViews: number; notes?: TrainNote[]; cataloguePath?: string; fineTuned?: FineTunedDetails; pipeline?: Pick<BackboneDefinition, 'id' | 'dim' | 'inputSize'> },
): Promise<ModelRow> {
  const ft = extra.fineTuned;
  const artifacts = { ...(await serialiseHead(trained.model)), backboneTop: ft?.backboneTop };
  const version = nextVersion(db, set.facet.key);
  const trainIds = trained.split.train.map((i) => set.imageIds[i]);
  const validationIds = trained.split.validation.map((i) => set.imageIds[i]);
  const o = trained.options;
  const v = trained.metrics.validation;
  const manifest: ModelManifest = {
    format: MANIFEST_FORMAT,
    facet: set.facet.key,
    version,
    labels: set.labels,
    // The pipeline the features came from (the catalogue's; MobileNetV2 unless it chose another).
    backbone: ft?.backboneId ?? extra.pipeline?.id ?? BACKBONE_ID,
    embeddingDim: extra.pipeline?.dim ?? EMBEDDING_DIM,
    preprocessing: { ...PREPROCESSING, size: extra.pipeline?.inputSize ?? PREPROCESSING.size },
    ...(ft ? { backboneTop: { file: BACKBONE_TOP_FILE, layer: 'Conv_1', input: TOP_INPUT_LAYER, base: BACKBONE_ID } } : {}),
    training: {
      dataset: `reviewed labels (corrected or validated) of facet "${set.facet.key}" in this catalogue`,
      images: set.imageIds.length,
      perLabel: set.summary.perLabel,
      split: `stratified ${Math.round((1 - o.validationFraction) * 100)}/${Math.round(o.validationFraction * 100)}, near-duplicate groups kept together, seed ${o.seed}: ${trainIds.length} training, ${validationIds.length} validation images`,
      notes: [
        ft
          ? `head, then the backbone's top block (Conv_1) fine-tuned with it: Adam ${ft.options.learningRate}, best epoch ${ft.bestEpoch} of ${ft.history.length - 1}, ${ft.views} augmented view(s) per training image, on ${ft.backend}; validation accuracy ${pct(ft.headOnlyValidationAccuracy)} with the head only`
          : 'head only (the backbone stays frozen)',
        `linear softmax head over the embedding, dropout ${o.dropout}, L2 ${o.l2}, Adam ${o.learningRate} halved after ${o.plateau} epochs without improvement, early stopping after ${o.patience} (best epoch ${trained.bestEpoch} of ${trained.history.length}), batch ${o.batchSize}, balanced class weights`,
        extra.augmentedViews ? `${extra.augmentedViews} augmented view(s) per training image (rotation, zoom, mirror, colour)` : 'no augmented views',
        trained.temperature > 1
          ? `confidence calibrated: logits divided by ${trained.temperature} (temperature scaling fitted on the validation split)`
          : 'confidence not softened (temperature 1 fitted on the validation split)',
        ...(extra.notes ?? []).map((n) => n.message),
      ].join('; '),
      validators: set.summary.validators,
      dateRange: set.summary.dateRange,
      imageIds: trainIds,
      imageSha256: imageHashes(db, trainIds),
      validationImageIds: validationIds,
      validationImageSha256: imageHashes(db, validationIds),
      // The evaluation set as it stood when this version trained: with the two above, the whole split (export training --version).
      evaluationImageSha256: imageHashes(db, set.evaluationImageIds),
      history: trained.history,
      options: o,
      augmentedViews: extra.augmentedViews,
      temperature: trained.temperature,
      headOnly: !ft,
      ...(ft ? { fineTune: { history: ft.history, bestEpoch: ft.bestEpoch, options: ft.options, views: ft.views, headOnlyValidationAccuracy: ft.headOnlyValidationAccuracy, backend: ft.backend } } : {}),
    },
    metrics: {
      accuracy: v.accuracy,
      perClass: v.perClass,
      confusion: v.confusion,
      evaluatedOn: `held-out validation split (${validationIds.length} images)`,
      trainAccuracy: trained.metrics.train.accuracy,
      validationImages: validationIds.length,
    },
    createdAt: new Date().toISOString(),
  };
  return insertModel(db, { manifest, artifacts, source: 'trained', activate: false });
}

/** A version as the API shows it: the contract's ModelVersion, the one declaration. */
export type VersionInfo = ModelVersion;

/** `rollbackTarget`: whether a roll-back now would make this version active (listVersions works it out; elsewhere false). */
export function versionInfo(db: Database, m: ModelRow, rollbackTarget = false): VersionInfo {
  const pipeline = pipelineOfBackbone(m.backbone);
  const t = m.manifest.training as ModelManifest['training'] & Partial<TrainedDetails>;
  const metrics = m.manifest.metrics;
  return {
    id: m.id,
    facet: m.facetKey,
    version: m.version,
    source: m.source,
    active: m.active,
    createdAt: m.createdAt,
    labels: m.labels,
    backbone: m.backbone,
    fineTuned: isFineTunedBackbone(m.backbone),
    runnable: isRunnable(m),
    pipeline: pipeline ? { id: pipeline.id, name: pipeline.label } : null,
    pipelineIsCurrent: pipeline?.id === pipelineId(db),
    rollbackTarget,
    accuracy: metrics?.accuracy ?? null,
    trainAccuracy: typeof metrics?.trainAccuracy === 'number' ? metrics.trainAccuracy : null,
    metrics,
    training: {
      images: t.images,
      perLabel: t.perLabel ?? {},
      validators: t.validators ?? [],
      dateRange: t.dateRange ?? null,
      notes: t.notes ?? null,
    },
  };
}
