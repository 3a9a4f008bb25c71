import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getFacet, labelKey } from '../catalogue/facets.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../classify/backbone-info.js';
import { headShape, loadHead, type HeadArtifacts } from './head.js';
import { parseManifest, type ModelManifest } from './manifest.js';

/**
 * Classifier heads kept in the catalogue (`models` table), so a catalogue
 * file carries the exact model each of its predictions came from.
 *
 * Stable API (retraining builds on it): ModelSource, ModelRow, insertModel,
 * listModels, getModel, getActiveModel, getModelArtifacts, activateModel,
 * validateModel, readModelFolder, importModelFolder, writeModelFolder.
 */

export type ModelSource = 'bundled' | 'trained' | 'imported';

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

/**
 * Check a head against the facet it is meant for and against this app's
 * backbone: manifest facet and labels, input width, output width, weights.
 * Throws ApiError('invalid_input') with a message a user can act on.
 */
export async function validateModel(db: Database, facetKey: string, manifest: ModelManifest, artifacts: HeadArtifacts): Promise<void> {
  const facet = getFacet(db, facetKey);
  const refuse = (why: string): never => {
    throw new ApiError('invalid_input', `Model "${manifest.version}" refused for facet "${facetKey}": ${why}`);
  };
  if (manifest.facet !== facetKey) refuse(`its manifest says it is for facet "${manifest.facet}"`);
  if (manifest.backbone !== BACKBONE_ID) {
    refuse(`it was trained on features of backbone "${manifest.backbone}", but this app extracts "${BACKBONE_ID}"`);
  }
  if (manifest.embeddingDim !== EMBEDDING_DIM) refuse(`its manifest expects ${manifest.embeddingDim}-d embeddings; the backbone gives ${EMBEDDING_DIM}`);
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
    const shape = headShape(model);
    if (shape.inputDim !== EMBEDDING_DIM) refuse(`the network takes inputs of width ${shape.inputDim ?? '?'}; the backbone gives ${EMBEDDING_DIM}`);
    if (shape.classes !== manifest.labels.length) {
      refuse(`the network has ${shape.classes ?? '?'} outputs but the manifest lists ${manifest.labels.length} labels`);
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
  if (exists) throw new ApiError('conflict', `Facet "${facet.key}" already has a model version "${manifest.version}"`);
  const labels = manifest.labels.map(labelKey);
  const id = db.transaction(() => {
    if (input.activate) db.prepare('UPDATE models SET active = 0 WHERE facet_id = ?').run(facet.id);
    const r = db
      .prepare(
        `INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, metrics, training, active, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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

export function getModelArtifacts(db: Database, id: number): HeadArtifacts {
  const row = db.prepare('SELECT topology, weights FROM models WHERE id = ?').get(id) as { topology: string; weights: Buffer } | undefined;
  if (!row) throw new ApiError('not_found', `No model with id ${id}`);
  return { topology: row.topology, weights: row.weights };
}

/** Make a model its facet's active one (exactly one active per facet). */
export function activateModel(db: Database, id: number): ModelRow {
  const model = getModel(db, id);
  db.transaction(() => {
    db.prepare('UPDATE models SET active = 0 WHERE facet_id = ?').run(model.facetId);
    db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
  })();
  return getModel(db, id);
}

/**
 * Read a TF.js model folder: manifest.json, model.json and the weight shards
 * model.json names (concatenated in order). Throws ApiError with what is wrong.
 */
export function readModelFolder(folder: string): { manifest: ModelManifest; artifacts: HeadArtifacts } {
  const read = (name: string): string => {
    const file = path.join(folder, name);
    if (!fs.existsSync(file)) throw new ApiError('invalid_input', `Model folder ${folder} has no ${name}`);
    return fs.readFileSync(file, 'utf8');
  };
  let manifest: ModelManifest;
  try {
    manifest = parseManifest(JSON.parse(read('manifest.json')));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('invalid_input', `${path.join(folder, 'manifest.json')}: ${(err as Error).message}`);
  }
  const topology = read('model.json');
  let paths: string[];
  try {
    const json = JSON.parse(topology) as { weightsManifest?: { paths?: string[] }[] };
    paths = (json.weightsManifest ?? []).flatMap((g) => g.paths ?? []);
  } catch {
    throw new ApiError('invalid_input', `${path.join(folder, 'model.json')} is not valid JSON`);
  }
  const shards = paths.map((p) => {
    const file = path.resolve(folder, p);
    if (path.dirname(file) !== path.resolve(folder)) throw new ApiError('invalid_input', `model.json names a weights file outside its folder: ${p}`);
    if (!fs.existsSync(file)) throw new ApiError('invalid_input', `Model folder ${folder} has no weights file ${p} (named in model.json)`);
    return fs.readFileSync(file);
  });
  return { manifest, artifacts: { topology, weights: Buffer.concat(shards) } };
}

/** Import a TF.js model folder into the catalogue for a facet, refusing anything that does not fit it. */
export async function importModelFolder(
  db: Database,
  facetKey: string,
  folder: string,
  opts: { activate?: boolean; source?: ModelSource } = {},
): Promise<ModelRow> {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new ApiError('invalid_input', `Not a folder: ${folder}`);
  const { manifest, artifacts } = readModelFolder(folder);
  await validateModel(db, facetKey, manifest, artifacts);
  return insertModel(db, { manifest, artifacts, source: opts.source ?? 'imported', activate: opts.activate ?? true });
}

/** Write a head as a TF.js model folder (model.json, weights.bin, manifest.json). */
export function writeModelFolder(folder: string, manifest: ModelManifest, artifacts: HeadArtifacts): void {
  fs.mkdirSync(folder, { recursive: true });
  // One shard: every weight spec in one group, in the order of the concatenated buffer.
  const json = JSON.parse(artifacts.topology) as { weightsManifest: { paths: string[]; weights: unknown[] }[] };
  json.weightsManifest = [{ paths: ['weights.bin'], weights: json.weightsManifest.flatMap((g) => g.weights) }];
  fs.writeFileSync(path.join(folder, 'model.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(folder, 'weights.bin'), artifacts.weights);
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}
