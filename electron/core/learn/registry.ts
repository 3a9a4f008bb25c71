import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { mcnemarExact } from './mcnemar.js';
import { assertRunnable, isRunnable } from '../models/runnable.js';
import { getFacet, labelNames } from '../catalogue/facets.js';
import { wilsonInterval } from '../../common/interval.js';
import type { Comparison, ModelVersion, TrainNote } from '../../common/contract/index.js';
import { evaluationSet } from './eval-set.js';
import { TRAIN_DEFAULTS } from './train.js';
import { auditActor } from '../review/audit.js';
import { BACKBONE_ID, EMBEDDING_DIM, isFineTunedBackbone, PREPROCESSING, TOP_INPUT_LAYER } from '../classify/backbone-info.js';
import { getEmbeddings } from '../classify/embeddings.js';
import { loadHead, predictHead, serialiseHead } from '../models/head.js';
import { MANIFEST_FORMAT, type ModelManifest } from '../models/manifest.js';
import {
  activateModel,
  getActiveModel,
  getModel,
  getModelArtifacts,
  importModelFolder,
  insertModel,
  listModels,
  writeModelFolder,
  BACKBONE_TOP_FILE,
  type ModelRow,
} from '../models/store.js';
import { reviewedItems } from './dataset.js';
import type { TrainingSet } from './dataset.js';
import type { TrainedHead } from './train.js';
import type { FineTuned, FineTuneEpoch } from './finetune.js';
import { argmaxRow, packRows } from './vectors.js';

/**
 * The model registry on top of the `models` table (models/store.ts): a
 * trained head becomes a new, inactive version with its manifest, training
 * data summary and held-out metrics; versions are activated, rolled back,
 * compared on the same validation items, exported and imported.
 * Activations are written to the append-only audit_log, which is also what
 * roll-back replays to know which model was active before.
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
  extra: { augmentedViews: number; notes?: TrainNote[]; cataloguePath?: string; fineTuned?: FineTunedDetails },
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
    backbone: ft?.backboneId ?? BACKBONE_ID,
    embeddingDim: EMBEDDING_DIM,
    preprocessing: { ...PREPROCESSING },
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
export function versionInfo(m: ModelRow, rollbackTarget = false): VersionInfo {
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

export function listVersions(db: Database, facetKey: string): VersionInfo[] {
  const facet = getFacet(db, facetKey);
  const target = rollbackTargetOf(db, facet.id, facetKey);
  return listModels(db, facetKey)
    .map((m) => versionInfo(m, m.id === target))
    .reverse();
}


function logActivation(db: Database, action: 'model.activate' | 'model.rollback', m: ModelRow, details: unknown): void {
  db.prepare(`INSERT INTO audit_log (at, actor, action, entity, facet_id, model_id, details) VALUES (?, ?, ?, 'model', ?, ?, ?)`).run(
    new Date().toISOString(),
    auditActor(db),
    action,
    m.facetId,
    m.id,
    JSON.stringify(details),
  );
}

/** Which models were active, oldest first, replayed from the audit log (activate pushes, roll-back pops). */
function activationStack(db: Database, facetId: number): number[] {
  const rows = db
    .prepare(`SELECT action, model_id AS modelId FROM audit_log WHERE entity = 'model' AND facet_id = ? AND action IN ('model.activate', 'model.rollback') ORDER BY id`)
    .all(facetId) as { action: string; modelId: number }[];
  const stack: number[] = [];
  for (const r of rows) {
    if (r.action === 'model.activate') stack.push(r.modelId);
    else {
      stack.pop();
      if (stack[stack.length - 1] !== r.modelId) stack.push(r.modelId);
    }
  }
  return stack;
}

/**
 * The model a roll-back would make active, as rollbackVersion works it out (without
 * writing the "observed" entry it adds for a model made active elsewhere); null when
 * there is none, or it is the active one itself.
 */
function rollbackTargetOf(db: Database, facetId: number, facetKey: string): number | null {
  const current = getActiveModel(db, facetKey);
  if (!current) return null;
  const stack = activationStack(db, facetId);
  if (stack[stack.length - 1] !== current.id) stack.push(current.id);
  const previous = stack.length >= 2 ? stack[stack.length - 2] : null;
  return previous === current.id ? null : previous;
}

export function activateVersion(db: Database, id: number): VersionInfo {
  const m = getModel(db, id);
  assertRunnable(m);
  return db.transaction(() => {
    const before = getActiveModel(db, m.facetKey);
    // A model made active elsewhere (bundled, import) enters the history first, so roll-back can return to it.
    const stack = activationStack(db, m.facetId);
    if (before && stack[stack.length - 1] !== before.id) logActivation(db, 'model.activate', before, { observed: true });
    activateModel(db, id);
    logActivation(db, 'model.activate', m, { previous: before?.version ?? null });
    return versionInfo(getModel(db, id));
  })();
}

/** Make the model that was active before the current one active again. */
export function rollbackVersion(db: Database, facetKey: string): VersionInfo {
  const facet = getFacet(db, facetKey);
  return db.transaction(() => {
    const current = getActiveModel(db, facetKey);
    const stack = activationStack(db, facet.id);
    if (current && stack[stack.length - 1] !== current.id) {
      logActivation(db, 'model.activate', current, { observed: true });
      stack.push(current.id);
    }
    const previous = stack.length >= 2 ? stack[stack.length - 2] : null;
    if (!current || previous === null) {
      throw new ApiError('conflict', `Facet "${facetKey}" has no earlier active model to roll back to${current ? ` (the active one is ${current.version})` : ''}`).translated('noRollback', { facet: facetKey });
    }
    const target = getModel(db, previous);
    assertRunnable(target);
    activateModel(db, target.id);
    logActivation(db, 'model.rollback', target, { from: current.version });
    return versionInfo(getModel(db, target.id));
  })();
}

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

/** Write a version as a TF.js folder (model.json, weights.bin, manifest.json, and backbone-top.bin for a fine-tuned version). Refuses a non-empty folder. */
export function exportVersion(db: Database, id: number, folder: string): { folder: string; files: string[] } {
  const m = getModel(db, id);
  if (fs.existsSync(folder) && fs.readdirSync(folder).length) {
    throw new ApiError('conflict', `${folder} is not empty; choose an empty or new folder`).translated('folderNotEmpty', { path: folder });
  }
  const files = writeModelFolder(folder, m.manifest, getModelArtifacts(db, id));
  return { folder, files };
}

/** Import a TF.js folder as a new, inactive version (validated against the facet and backbone); `labels` in output order for a folder without manifest.json. */
export async function importVersion(db: Database, facetKey: string, folder: string, opts: { labels?: string[]; version?: string; activate?: boolean } = {}): Promise<VersionInfo> {
  const m = await importModelFolder(db, facetKey, folder, { activate: false, source: 'imported', labels: opts.labels, version: opts.version });
  // Activated as any version is (runnable check, activation history), so a roll-back returns to the one before.
  return opts.activate ? activateVersion(db, m.id) : versionInfo(m);
}
