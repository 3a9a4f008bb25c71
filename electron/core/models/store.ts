import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getFacet, labelKey } from '../catalogue/facets.js';
import { BACKBONE_ID, EMBEDDING_DIM, isOwnBackbone, PREPROCESSING } from '../classify/backbone-info.js';
import { findBackbone } from '../classify/backbones/definitions.js';
import { parseTop, topBackboneId } from '../classify/top-block.js';
import { headShape, loadHead, type HeadArtifacts } from './head.js';
import { MANIFEST_FORMAT, parseManifest, type ModelManifest } from './manifest.js';

/**
 * Classifier heads kept in the catalogue (`models` table), so a catalogue
 * file carries the exact model each of its predictions came from.
 *
 * A fine-tuned version also carries its backbone top block
 * (HeadArtifacts.backboneTop: the `models.backbone_top` column, and
 * BACKBONE_TOP_FILE in a folder); its manifest's backbone is
 * topBackboneId(those bytes). A head over the frozen backbone has none.
 *
 * Stable API (retraining builds on it): ModelSource, ModelRow, insertModel,
 * listModels, getModel, getActiveModel, getModelArtifacts, activateModel,
 * validateModel, readModelFolder, importModelFolder, writeModelFolder,
 * BACKBONE_TOP_FILE.
 */

export type ModelSource = 'bundled' | 'trained' | 'imported';

/** Default file name of a fine-tuned top block in a model folder (a manifest may name another: `backboneTop.file`). */
export const BACKBONE_TOP_FILE = 'backbone-top.bin';

export interface ModelRow {
  id: number;
  facetId: number;
  facetKey: string;
  version: string;
  source: ModelSource;
  backbone: string;
  /** Label keys in output order. */
  labels: string[];
  manifest: ModelManifest;
  active: boolean;
  createdAt: string;
}

interface DbRow {
  id: number;
  facet_id: number;
  facet_key: string;
  version: string;
  source: ModelSource;
  backbone: string;
  labels: string;
  manifest: string;
  active: number;
  created_at: string;
}

const SELECT = `SELECT m.id, m.facet_id, f.key AS facet_key, m.version, m.source, m.backbone, m.labels, m.manifest, m.active, m.created_at
  FROM models m JOIN facets f ON f.id = m.facet_id`;

function toRow(r: DbRow): ModelRow {
  return {
    id: r.id,
    facetId: r.facet_id,
    facetKey: r.facet_key,
    version: r.version,
    source: r.source,
    backbone: r.backbone,
    labels: JSON.parse(r.labels) as string[],
    manifest: JSON.parse(r.manifest) as ModelManifest,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

/** A model folder's other files, which a top block must not overwrite or be read from. */
const RESERVED_FILES = new Set(['model.json', 'manifest.json', 'weights.bin']);

/**
 * The top block's file name a manifest declares (`backboneTop.file`), else
 * BACKBONE_TOP_FILE. Refuses a declaration that is not a plain file name, so
 * a folder can never point outside itself.
 */
function topFileOf(manifest: ModelManifest): string {
  if (manifest.backboneTop === undefined) return BACKBONE_TOP_FILE;
  const file = manifest.backboneTop.file;
  if (file === '' || file === '.' || file === '..' || /[/\\]/.test(file) || file !== path.basename(file) || RESERVED_FILES.has(file)) {
    throw new ApiError('invalid_input', `Model "${manifest.version}": the manifest's backboneTop.file must be a plain file name inside the model folder other than model.json, manifest.json and weights.bin, not ${JSON.stringify(file)}`);
  }
  return file;
}

/** The top block's file name for a message: the declared one, else the default (validateModel does not judge the declaration). */
function topFileNameForMessages(manifest: ModelManifest): string {
  try {
    return topFileOf(manifest);
  } catch {
    return BACKBONE_TOP_FILE;
  }
}

/**
 * Check a head against the facet it is meant for and against this app's
 * backbone: manifest facet and labels, input width, output width, weights,
 * and for a fine-tuned version its top block (size, finite weights, and the
 * bytes the manifest's backbone id names). Throws ApiError('invalid_input')
 * with a message a user can act on.
 */
export async function validateModel(db: Database, facetKey: string, manifest: ModelManifest, artifacts: HeadArtifacts): Promise<void> {
  const facet = getFacet(db, facetKey);
  const refuse = (why: string): never => {
    throw new ApiError('invalid_input', `Model "${manifest.version}" refused for facet "${facetKey}": ${why}`);
  };
  if (manifest.facet !== facetKey) refuse(`its manifest says it is for facet "${manifest.facet}"`);
  const top = artifacts.backboneTop;
  const topName = topFileNameForMessages(manifest);
  const foreign = () => refuse(`it was trained on features of backbone "${manifest.backbone}", but this app extracts "${BACKBONE_ID}"`);
  // A head on another pipeline this release computes (backbones/definitions.ts) reads that pipeline's width.
  const other = top === undefined && manifest.backbone !== BACKBONE_ID ? findBackbone(manifest.backbone) : undefined;
  const width = other?.dim ?? EMBEDDING_DIM;
  if (!other && top === undefined) {
    if (manifest.backbone !== BACKBONE_ID && isOwnBackbone(manifest.backbone)) {
      refuse(`its manifest names the fine-tuned backbone "${manifest.backbone}", but its fine-tuned backbone top block (${topName}) is missing`);
    }
    if (manifest.backbone !== BACKBONE_ID) foreign();
  } else if (top !== undefined) {
    if (manifest.backbone === BACKBONE_ID) {
      refuse(`it comes with a fine-tuned backbone top block (${topName}), but its manifest says it reads the frozen backbone "${BACKBONE_ID}"`);
    }
    if (!isOwnBackbone(manifest.backbone)) foreign();
    try {
      parseTop(top);
    } catch (err) {
      refuse((err as Error).message);
    }
    if (topBackboneId(top) !== manifest.backbone) {
      refuse(`${topName} does not match the manifest's backbone "${manifest.backbone}" (changed or damaged)`);
    }
  }
  if (manifest.embeddingDim !== width) refuse(`its manifest expects ${manifest.embeddingDim}-d embeddings; the backbone gives ${width}`);
  const known = new Set(facet.labels.map((l) => l.key));
  const unknown = manifest.labels.filter((l) => !known.has(labelKey(l)));
  if (unknown.length) {
    refuse(`label(s) ${unknown.map((l) => `"${l}"`).join(', ')} are not in the facet, whose labels are: ${facet.labels.map((l) => l.key).join(', ')}`);
  }
  let model;
  try {
    model = await loadHead(artifacts);
  } catch (err) {
    return refuse((err as Error).message);
  }
  try {
    const input = model.inputs[0]?.shape ?? [];
    if (input.length > 2) {
      refuse(
        `it takes ${input.slice(1).join('×')} inputs, i.e. images. Canting imports heads that read its backbone's ${width}-d embedding, ` +
          'not whole image models: import a head trained on those embeddings, or train one in Canting (canting train)',
      );
    }
    const shape = headShape(model);
    if (shape.inputDim !== width) refuse(`the network takes inputs of width ${shape.inputDim ?? '?'}; the backbone gives ${width}`);
    if (shape.classes !== manifest.labels.length) {
      refuse(`the network has ${shape.classes ?? '?'} outputs but there are ${manifest.labels.length} labels (${manifest.labels.join(', ')})`);
    }
  } finally {
    model.dispose();
  }
}

/** Insert a validated head. `activate` makes it the facet's active model (the previous one stays, inactive). */
export async function insertModel(
  db: Database,
  input: { manifest: ModelManifest; artifacts: HeadArtifacts; source: ModelSource; activate?: boolean },
): Promise<ModelRow> {
  const { manifest, artifacts } = input;
  await validateModel(db, manifest.facet, manifest, artifacts);
  const facet = getFacet(db, manifest.facet);
  const exists = db.prepare('SELECT 1 FROM models WHERE facet_id = ? AND version = ?').get(facet.id, manifest.version);
  if (exists) throw new ApiError('conflict', `Facet "${facet.key}" already has a model version "${manifest.version}"`).translated('versionExists', { facet: facet.key, version: manifest.version });
  const labels = manifest.labels.map(labelKey);
  const id = db.transaction(() => {
    if (input.activate) db.prepare('UPDATE models SET active = 0 WHERE facet_id = ?').run(facet.id);
    const r = db
      .prepare(
        `INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, backbone_top, metrics, training, active, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        facet.id,
        manifest.version,
        input.source,
        manifest.backbone,
        JSON.stringify(labels),
        JSON.stringify(manifest),
        artifacts.topology,
        artifacts.weights,
        artifacts.backboneTop ?? null,
        manifest.metrics ? JSON.stringify(manifest.metrics) : null,
        JSON.stringify(manifest.training),
        input.activate ? 1 : 0,
        new Date().toISOString(),
      );
    return Number(r.lastInsertRowid);
  })();
  return getModel(db, id);
}

export function listModels(db: Database, facetKey?: string): ModelRow[] {
  const rows = (
    facetKey === undefined
      ? db.prepare(`${SELECT} ORDER BY m.facet_id, m.id`).all()
      : db.prepare(`${SELECT} WHERE f.key = ? ORDER BY m.id`).all(facetKey)
  ) as DbRow[];
  return rows.map(toRow);
}

export function getModel(db: Database, id: number): ModelRow {
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as DbRow | undefined;
  if (!row) throw new ApiError('not_found', `No model with id ${id}`);
  return toRow(row);
}

export function getActiveModel(db: Database, facetKey: string): ModelRow | null {
  const row = db.prepare(`${SELECT} WHERE f.key = ? AND m.active = 1`).get(facetKey) as DbRow | undefined;
  return row ? toRow(row) : null;
}

/** A version's head, plus its fine-tuned top block where it has one. */
export function getModelArtifacts(db: Database, id: number): HeadArtifacts {
  const row = db.prepare('SELECT topology, weights, backbone_top FROM models WHERE id = ?').get(id) as
    | { topology: string; weights: Buffer; backbone_top: Buffer | null }
    | undefined;
  if (!row) throw new ApiError('not_found', `No model with id ${id}`);
  return row.backbone_top === null ? { topology: row.topology, weights: row.weights } : { topology: row.topology, weights: row.weights, backboneTop: row.backbone_top };
}

/**
 * `models.active` of the version being made active, only ever inside activateModel's
 * transaction: the review grid's triggers then switch to it in one pass over its rows
 * instead of clearing the old version's first (migration 0007).
 */
const ACTIVATING = 2;

/** Make a model its facet's active one (exactly one active per facet). */
export function activateModel(db: Database, id: number): ModelRow {
  const model = getModel(db, id);
  if (model.active) return model;
  db.transaction(() => {
    db.prepare('UPDATE models SET active = ? WHERE id = ?').run(ACTIVATING, id);
    db.prepare('UPDATE models SET active = 0 WHERE facet_id = ? AND id <> ?').run(model.facetId, id);
    db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
  })();
  return getModel(db, id);
}

/** What the importer says about a folder, for heads that come without Canting's manifest.json. */
export interface FolderHints {
  /** The facet it is imported into: a folder without manifest.json gets a manifest for it. */
  facet: string;
  /** The head's labels in output order: required without manifest.json, checked against it otherwise. */
  labels?: string[];
  /** The version to store it under; default: the manifest's, else `<facet>-imported-<UTC YYYYMMDD-HHMMSS>`. */
  version?: string;
}

// tensorflowjs_converter's --input_format for each kind of Keras file.
const KERAS_FORMATS: Record<string, string> = { '.h5': 'keras', '.hdf5': 'keras', '.keras': 'keras_keras' };

/** A Keras file given instead of a TF.js folder (or alone in one), which must be converted before import. */
function refuseKerasFile(folder: string): void {
  const isKeras = (f: string) => path.extname(f).toLowerCase() in KERAS_FORMATS;
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  let file: string | undefined;
  if (stat?.isFile()) file = isKeras(folder) ? folder : undefined;
  else if (stat && !fs.existsSync(path.join(folder, 'model.json'))) file = fs.readdirSync(folder).filter(isKeras).map((f) => path.join(folder, f))[0];
  if (!file) return;
  const format = KERAS_FORMATS[path.extname(file).toLowerCase()];
  throw new ApiError(
    'invalid_input',
    `${file} is a Keras file; Canting imports TF.js folders. Convert it first: tensorflowjs_converter --input_format ${format} ${file} <out-folder>, then import <out-folder>`,
  );
}

/** Label lists compared as the catalogue stores them (labelKey). */
const sameLabels = (a: string[], b: string[]) => a.length === b.length && a.every((l, i) => labelKey(l) === labelKey(b[i]));

function folderManifest(folder: string, hints?: FolderHints): ModelManifest {
  const file = path.join(folder, 'manifest.json');
  const labels = hints?.labels;
  if (!fs.existsSync(file)) {
    if (!hints || !labels) {
      throw new ApiError(
        'invalid_input',
        `Model folder ${folder} has no manifest.json, so the order of its outputs is unknown: give the head's labels in output order, e.g. --labels kawung,megamendung,parang,truntum`,
      );
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    return parseOrRefuse(`labels for ${folder}`, () => ({
      format: MANIFEST_FORMAT,
      facet: hints.facet,
      version: hints.version ?? `${hints.facet}-imported-${stamp}`,
      labels,
      backbone: BACKBONE_ID,
      embeddingDim: EMBEDDING_DIM,
      preprocessing: { ...PREPROCESSING },
      training: { dataset: 'unknown', images: 0, notes: `imported from ${path.basename(folder)} without a manifest; training data unknown` },
      metrics: null,
      createdAt: new Date().toISOString(),
    }));
  }
  const manifest = parseOrRefuse(file, () => JSON.parse(fs.readFileSync(file, 'utf8')));
  if (labels && !sameLabels(labels, manifest.labels)) {
    throw new ApiError(
      'invalid_input',
      `The labels given (${labels.join(', ')}) differ from those in ${file} (${manifest.labels.join(', ')}, in output order); leave the labels out or correct them`,
    );
  }
  return hints?.version ? { ...manifest, version: hints.version } : manifest;
}

function parseOrRefuse(what: string, value: () => unknown): ModelManifest {
  try {
    return parseManifest(value());
  } catch (err) {
    throw new ApiError('invalid_input', `${what}: ${(err as Error).message}`);
  }
}

/**
 * Read a TF.js model folder: model.json, the weight shards it names
 * (concatenated in order) and manifest.json, or a manifest built from
 * `hints` where the folder has none (a head straight from
 * tensorflowjs_converter); and the fine-tuned top block where there is one
 * (the manifest's `backboneTop.file`, else BACKBONE_TOP_FILE if present).
 * Throws ApiError with what is wrong.
 */
export function readModelFolder(folder: string, hints?: FolderHints): { manifest: ModelManifest; artifacts: HeadArtifacts } {
  refuseKerasFile(folder);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new ApiError('invalid_input', `Not a folder: ${folder}`).translated('modelNotAFolder', { path: folder });
  const modelJson = path.join(folder, 'model.json');
  if (!fs.existsSync(modelJson)) throw new ApiError('invalid_input', `Model folder ${folder} has no model.json`).translated('modelNoModelJson', { path: folder });
  const topology = fs.readFileSync(modelJson, 'utf8');
  let paths: string[];
  try {
    const json = JSON.parse(topology) as { weightsManifest?: { paths?: string[] }[] };
    paths = (json.weightsManifest ?? []).flatMap((g) => g.paths ?? []);
  } catch {
    throw new ApiError('invalid_input', `${modelJson} is not valid JSON`);
  }
  const shards = paths.map((p) => {
    const file = path.resolve(folder, p);
    if (path.dirname(file) !== path.resolve(folder)) throw new ApiError('invalid_input', `model.json names a weights file outside its folder: ${p}`);
    if (!fs.existsSync(file)) throw new ApiError('invalid_input', `Model folder ${folder} has no weights file ${p} (named in model.json)`);
    return fs.readFileSync(file);
  });
  const manifest = folderManifest(folder, hints);
  const artifacts: HeadArtifacts = { topology, weights: Buffer.concat(shards) };
  const topFile = topFileOf(manifest);
  const topPath = path.join(folder, topFile);
  if (fs.statSync(topPath, { throwIfNoEntry: false })?.isFile()) {
    artifacts.backboneTop = fs.readFileSync(topPath);
  } else if (manifest.backboneTop !== undefined) {
    throw new ApiError('invalid_input', `Model folder ${folder} has no ${topFile} (its fine-tuned backbone top block, named in manifest.json)`);
  }
  return { manifest, artifacts };
}

/**
 * Import a TF.js model folder into the catalogue for a facet, refusing anything
 * that does not fit it. `labels` and `version` as in FolderHints.
 */
export async function importModelFolder(
  db: Database,
  facetKey: string,
  folder: string,
  opts: { activate?: boolean; source?: ModelSource; labels?: string[]; version?: string } = {},
): Promise<ModelRow> {
  const { manifest, artifacts } = readModelFolder(folder, { facet: facetKey, labels: opts.labels, version: opts.version });
  await validateModel(db, facetKey, manifest, artifacts);
  return insertModel(db, { manifest, artifacts, source: opts.source ?? 'imported', activate: opts.activate ?? true });
}

/**
 * Write a head as a TF.js model folder (model.json, weights.bin, manifest.json,
 * and the fine-tuned top block where there is one, under the manifest's
 * `backboneTop.file` or BACKBONE_TOP_FILE). Returns the file names written.
 */
export function writeModelFolder(folder: string, manifest: ModelManifest, artifacts: HeadArtifacts): string[] {
  const topFile = artifacts.backboneTop ? topFileOf(manifest) : null;
  fs.mkdirSync(folder, { recursive: true });
  // One shard: every weight spec in one group, in the order of the concatenated buffer.
  const json = JSON.parse(artifacts.topology) as { weightsManifest: { paths: string[]; weights: unknown[] }[] };
  json.weightsManifest = [{ paths: ['weights.bin'], weights: json.weightsManifest.flatMap((g) => g.weights) }];
  fs.writeFileSync(path.join(folder, 'model.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(folder, 'weights.bin'), artifacts.weights);
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  if (topFile === null || !artifacts.backboneTop) return ['model.json', 'weights.bin', 'manifest.json'];
  fs.writeFileSync(path.join(folder, topFile), artifacts.backboneTop);
  return ['model.json', 'weights.bin', 'manifest.json', topFile];
}
