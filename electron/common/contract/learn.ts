import { z } from 'zod';
import { call } from './define.js';
import { EpochLog, FacetKey, HeadLabels, Id, ModelVersionName, NonEmpty } from './shared.js';
import { Language } from './catalogue.js';

/** API calls of the learn area: retraining, the model registry, active learning. */

const PerClass = z.object({ precision: z.number(), recall: z.number(), f1: z.number(), support: z.number().int() });

export const ModelMetrics = z
  .object({
    accuracy: z.number(),
    perClass: z.record(z.string(), PerClass).optional(),
    confusion: z.array(z.array(z.number().int())).optional(),
    evaluatedOn: z.string().optional(),
  })
  .passthrough();

export const ModelVersion = z.object({
  id: z.number().int(),
  facet: z.string(),
  version: z.string(),
  source: z.enum(['bundled', 'trained', 'imported']),
  active: z.boolean(),
  createdAt: z.string(),
  labels: z.array(z.string()),
  /** The backbone id its head reads (the frozen backbone, or a fine-tuned top's variant). */
  backbone: z.string(),
  /** Whether it carries a fine-tuned backbone top block. */
  fineTuned: z.boolean(),
  /** False for a version trained on features an earlier release computed: it is kept, but cannot classify or be activated. */
  runnable: z.boolean(),
  /** The feature pipeline its head reads (id and label, e.g. InceptionV3); null for features of an earlier release. */
  pipeline: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Whether that is the catalogue's pipeline now; otherwise it cannot classify until the pipeline is switched back (or a version is trained on the current one). */
  pipelineIsCurrent: z.boolean(),
  /**
   * This is the version registry.rollback would make active again (the one active before the
   * current one). At most one version of a facet has it; none when there is nothing to roll back to.
   */
  rollbackTarget: z.boolean(),
  /** Validation (held-out) accuracy; null when the version carries no metrics. */
  accuracy: z.number().nullable(),
  trainAccuracy: z.number().nullable(),
  metrics: ModelMetrics.nullable(),
  training: z.object({
    images: z.number().int(),
    perLabel: z.record(z.string(), z.number().int()),
    validators: z.array(z.object({ name: z.string(), count: z.number().int() })),
    dateRange: z.object({ from: z.string(), to: z.string() }).nullable(),
    notes: z.string().nullable(),
  }),
});
export type ModelVersion = z.infer<typeof ModelVersion>;


/**
 * A remark on a training run (what was left out, why fine-tuning was skipped):
 * English `message` for the CLI and the manifest, `messageKey` (a key of the
 * interface's `trainNotes`) and `params` for the interface to word it.
 */
export const TrainNote = z.object({
  message: z.string(),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type TrainNote = z.infer<typeof TrainNote>;

/** What a finished train job returns (JobStatus.result). */
export const TrainResult = z.object({
  version: ModelVersion,
  history: z.array(EpochLog),
  bestEpoch: z.number().int(),
  stoppedEarly: z.boolean(),
  seconds: z.number(),
  augmentedViews: z.number().int(),
  /** The version has a fine-tuned backbone top block (asked for with fineTune and better than the head alone). */
  fineTuned: z.boolean(),
  notes: z.array(TrainNote),
});
export type TrainResult = z.infer<typeof TrainResult>;

/** A 95 % Wilson interval of an accuracy (common/interval.ts). */
export const AccuracyInterval = z.object({ low: z.number(), high: z.number() });

/** One version's score on the compared images: `correct` of them right, with the interval of its accuracy. */
const ComparedSide = z.object({
  id: z.number().int(),
  version: z.string(),
  accuracy: z.number(),
  correct: z.number().int(),
  interval: AccuracyInterval.nullable(),
  confusion: z.array(z.array(z.number().int())),
});

export const Comparison = z.object({
  labels: z.array(z.string()),
  items: z.number().int(),
  itemsNote: z.string(),
  /** The images compared: the facet's evaluation set (kept apart from all training) minus what either trained on; failing that, held out by either version (and trained on by neither); or, failing that, every reviewed image neither trained on, because neither recorded a split or the images they held out are not in this catalogue. */
  basis: z.enum(['evaluationSet', 'heldOut', 'noSplit', 'splitNotHere']),
  /** Label key → name (labels, truth and predictions are keys). */
  labelNames: z.record(z.string(), z.string()),
  /** Versions that did not record their training images: their score may be optimistic. */
  untracked: z.array(z.string()),
  /** Images only one of the two gets right, and McNemar's exact p-value: the chance of a difference this size between equally good versions. */
  onlyA: z.number().int(),
  onlyB: z.number().int(),
  pValue: z.number(),
  a: ComparedSide,
  b: ComparedSide,
  disagreements: z.array(
    z.object({ imageId: z.number().int(), truth: z.string(), a: z.string(), b: z.string(), aConfidence: z.number(), bConfidence: z.number() }),
  ),
});
export type Comparison = z.infer<typeof Comparison>;

/** A score on the evaluation set: `correct` of `images`, accuracy with its 95 % interval (null on no images: untested). */
const EvaluationScore = z.object({
  images: z.number().int(),
  correct: z.number().int(),
  accuracy: z.number().nullable(),
  interval: AccuracyInterval.nullable(),
});

export const VersionEvaluation = EvaluationScore.extend({
  id: z.number().int(),
  version: z.string(),
  active: z.boolean(),
  /** Images of the set it trained on (a shipped head may have), left out of its score. */
  seenInTraining: z.number().int(),
  /** It recorded no training images: if these photos trained it, its score is optimistic. */
  untracked: z.boolean(),
});
export type VersionEvaluation = z.infer<typeof VersionEvaluation>;

/** Every version of a facet on the facet's evaluation set: reviewed images kept apart from all training (learn/eval-set.ts). */
export const FacetEvaluation = z.object({
  facet: z.string(),
  images: z.number().int(),
  perLabel: z.record(z.string(), z.number().int()),
  /** How the set is drawn: `share` of each label's reviewed images, at least `min`, once a label has `from`. */
  rule: z.object({ share: z.number(), from: z.number().int(), min: z.number().int() }),
  versions: z.array(VersionEvaluation),
});
export type FacetEvaluation = z.infer<typeof FacetEvaluation>;

/** What activating a version would do, for the user to see before confirming (learn/activation-check.ts). */
export const ActivationCheck = z.object({
  facet: z.string(),
  candidate: z.object({ id: z.number().int(), version: z.string() }),
  active: z.object({ id: z.number().int(), version: z.string() }).nullable(),
  labelNames: z.record(z.string(), z.string()),
  evaluation: VersionEvaluation,
  /** The candidate (a) against the active model (b) on the same images. */
  comparison: Comparison.nullable(),
  /** Labels of the images nobody reviewed that the candidate would change, from the active model's to its own. */
  shift: z
    .object({
      images: z.number().int(),
      changed: z.number().int(),
      transitions: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int() })),
    })
    .nullable(),
  /** Labels whose share of its training labels is under a third of their share of the catalogue. */
  imbalance: z.array(z.object({ label: z.string(), trained: z.number().int(), trainedShare: z.number(), expectedShare: z.number() })),
  /** Set when the candidate reads another pipeline's features than the catalogue's (warning 'pipeline'): labels of both. */
  pipeline: z.object({ needs: z.string(), catalogue: z.string() }).nullable(),
  warnings: z.array(z.enum(['worse', 'untested', 'imbalance', 'pipeline'])),
});
export type ActivationCheck = z.infer<typeof ActivationCheck>;

/**
 * An epoch as a line for people (the CLI's log, the job's English message):
 * "epoch 3/60 · loss 0.52 …". Programs read JobStatus.epoch, the same numbers as data.
 */
export function formatEpochMessage(log: EpochLog, maxEpochs: number): string {
  return `epoch ${log.epoch}/${maxEpochs} · loss ${log.loss.toFixed(4)} · acc ${log.accuracy.toFixed(4)} · val_loss ${log.valLoss.toFixed(4)} · val_acc ${log.valAccuracy.toFixed(4)} · lr ${log.learningRate}`;
}

/** A fine-tuning epoch as a job message (epoch 0 = the head alone, the starting point). */
export function formatFineTuneMessage(log: { epoch: number; loss: number | null; valLoss: number; valAccuracy: number }): string {
  return `fine-tuning epoch ${log.epoch} · val_loss ${log.valLoss.toFixed(4)} · val_acc ${log.valAccuracy.toFixed(4)}${log.loss === null ? ' (head alone)' : ` · loss ${log.loss.toFixed(4)}`}`;
}

/**
 * A facet without a model it can run (a new facet): how far it is from its
 * first model, which the app trains by itself as soon as every label has
 * `minPerLabel` reviewed examples, activates (there is nothing to override)
 * and uses to predict the rest.
 */
export const FirstModelStatus = z.object({
  facet: z.string(),
  /** The facet already has model versions (even ones an earlier release trained): it is not new, nothing automatic happens. */
  hasModel: z.boolean(),
  minPerLabel: z.number().int(),
  /** Reviewed (corrected or validated) images with features, per label of the facet. */
  labels: z.array(z.object({ key: z.string(), name: z.string(), reviewed: z.number().int() })),
  /**
   * Catalogue images without features yet (never classified in any facet): they count for
   * nothing here and learn.suggest cannot propose them; classifying with the shipped motif
   * model computes them. 0 for a facet with versions (not asked).
   */
  imagesWithoutFeatures: z.number().int(),
  ready: z.boolean(),
  /** The automatic run: training the first model, then predicting the rest. */
  phase: z.enum(['idle', 'training', 'predicting']),
  jobId: z.string().nullable(),
  /** Why the last automatic run did not give a model (it is tried again once more labels come in); null when none failed. */
  lastError: z.string().nullable(),
});
export type FirstModelStatus = z.infer<typeof FirstModelStatus>;

export const learnCalls = {
  'learn.train': call(
    z
      .object({
        facet: FacetKey,
        epochs: z.number().int().min(1).max(500).optional(),
        minPerLabel: z.number().int().min(2).max(1000).optional(),
        seed: z.number().int().optional(),
        /** Compute (once, cached) and train with augmented views; needs the backbone. Default true. */
        augment: z.boolean().optional(),
        /**
         * Also fine-tune the backbone's top block (Conv_1) with the head; kept only if it lowers the
         * validation loss. Meant for tfjs-node (seconds per epoch); on wasm it takes minutes. Default false.
         */
        fineTune: z.boolean().optional(),
      })
      .strict(),
    z.object({ jobId: z.string(), images: z.number().int(), perLabel: z.record(z.string(), z.number().int()) }),
    'Train a new head for a facet from its corrected/validated labels, as a job (per-epoch progress in the job message; result is TrainResult). The new version is not activated.',
  ),
  'registry.versions': call(z.object({ facet: FacetKey }).strict(), z.array(ModelVersion), 'Every model version of a facet, newest first, with metrics and training data'),
  'registry.activate': call(z.object({ id: Id }).strict(), ModelVersion, 'Make a version its facet’s active model'),
  'registry.rollback': call(z.object({ facet: FacetKey }).strict(), ModelVersion, 'Make the previously active version active again'),
  'registry.compare': call(z.object({ a: Id, b: Id }).strict(), Comparison, 'Compare two versions on the same images: the evaluation set, or failing that their held-out images'),
  'registry.evaluation': call(
    z.object({ facet: FacetKey }).strict(),
    FacetEvaluation,
    'Every version of a facet measured on its evaluation set (reviewed images kept apart from all training), with n and a 95 % interval',
  ),
  'registry.activationCheck': call(
    z.object({ id: Id }).strict(),
    ActivationCheck,
    'Before activating a version: its evaluation-set score beside the active model, the labels of unreviewed images it would change, and training-balance warnings',
  ),
  'registry.export': call(
    z.object({ id: Id, folder: NonEmpty.max(4096) }).strict(),
    z.object({ folder: z.string(), files: z.array(z.string()) }),
    'Write a version as a TF.js folder (model.json, weights.bin, manifest.json)',
  ),
  'registry.import': call(
    z
      .object({
        facet: FacetKey,
        folder: NonEmpty.max(4096),
        /** The head's labels in output order: required when the folder has no manifest.json (e.g. straight from tensorflowjs_converter). */
        labels: HeadLabels.optional(),
        version: ModelVersionName.optional(),
        /** Make it the facet's active version at once (default: a new, inactive version to compare first). */
        activate: z.boolean().optional(),
      })
      .strict(),
    ModelVersion,
    'Import a TF.js folder (model.json, weights, manifest.json or the labels in output order) as a new version, inactive unless activate',
  ),
  'registry.report': call(
    z.object({ id: Id, file: NonEmpty.max(4096).optional(), language: Language.optional() }).strict(),
    z.object({ html: z.string().nullable(), file: z.string().nullable() }),
    'Evaluation report of a version as HTML (written to `file` when given, else returned), in `language` (default: the catalogue’s interface language)',
  ),
  'learn.firstModel': call(
    z.object({ facet: FacetKey }).strict(),
    FirstModelStatus,
    'How far a facet without a model is from its first one (trained, activated and used to predict the rest automatically once every label has enough reviewed examples)',
  ),
  'learn.startFirstModel': call(
    z.object({ facet: FacetKey }).strict(),
    FirstModelStatus,
    'Start a new facet’s first model now (after a failed run, or when it became ready without a decision); refused, saying why, when the facet has versions or a label is short of examples',
  ),
  'learn.suggest': call(
    z.object({ facet: FacetKey, limit: z.number().int().min(1).max(500).optional() }).strict(),
    z.object({
      mode: z.enum(['diverse', 'informative']),
      items: z.array(z.object({ imageId: z.number().int(), score: z.number().nullable() })),
      unlabelled: z.number().int(),
      /** Images of the catalogue without features yet: they cannot be suggested until computed (classify.features). */
      withoutFeatures: z.number().int(),
    }),
    'Suggested next images to label: typical images of parts no label covers yet (mode diverse, under 100 labels), then the most informative (least certain, most disagreeing)',
  ),
  'learn.suspects': call(
    z.object({ facet: FacetKey, limit: z.number().int().min(1).max(1000).optional() }).strict(),
    z.object({
      checked: z.number().int(),
      items: z.array(
        z.object({
          imageId: z.number().int(),
          /** Label keys, and their names to show. */
          given: z.string(),
          predicted: z.string(),
          givenName: z.string(),
          predictedName: z.string(),
          givenProbability: z.number(),
          predictedProbability: z.number(),
        }),
      ),
    }),
    'Reviewed images whose label a cross-validated model strongly disagrees with',
  ),
  'learn.similar': call(
    z
      .object({
        imageId: Id,
        limit: z.number().int().min(1).max(500).optional(),
        /** With `facet`: only images not yet corrected/validated in that facet (bulk labelling). */
        facet: FacetKey.optional(),
        onlyUnreviewed: z.boolean().optional(),
      })
      .strict(),
    z.object({ items: z.array(z.object({ imageId: z.number().int(), similarity: z.number() })) }),
    'Nearest images by embedding (cosine)',
  ),
};
