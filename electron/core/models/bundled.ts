import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { isRunnable } from './runnable.js';
import type { BundledModelsState, BundledProblem } from '../../common/contract/bundled.js';
import { getActiveModel, getModelArtifacts, insertModel, readModelFolder } from './store.js';

/**
 * Register the heads shipped in `models/` (one sub-folder each, with
 * manifest.json, model.json and weights) into a catalogue. Called once, when
 * the app context is built (app/create.ts), so every transport and every call
 * sees the same registry. A bundled head becomes its facet's active model
 * only when the facet has none, or has one this release can no longer run (an
 * earlier release's bundled head, say), or has one trained on another feature
 * pipeline than the catalogue's while this head reads the catalogue's (one
 * head is shipped per pipeline), so a user's own choice of a working model is
 * never overridden.
 * A bundled version already registered is never replaced, but it gains the
 * image hashes a later release's manifest adds (see recordImageHashes).
 * Never throws: a missing or damaged shipped head becomes `problem`, which the
 * interface and the CLI show, instead of failing some later call deep inside.
 */
/** Whether a head reads the catalogue's feature pipeline (classify/pipeline-setting.ts's rule, given by the caller). */
export type ReadsCataloguePipeline = (model: { backbone: string }) => boolean;

export async function registerBundledModels(db: Database, modelsDir: string, readsPipeline: ReadsCataloguePipeline = () => true): Promise<BundledModelsState> {
  const added: string[] = [];
  const folders = fs.existsSync(modelsDir)
    ? fs
        .readdirSync(modelsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => path.join(modelsDir, d.name))
        .sort()
    : [];
  if (!folders.length) return { added, problem: missingProblem() };
  let problem: BundledProblem | null = null;
  for (const folder of folders) {
    try {
      const version = await registerFolder(db, folder, readsPipeline);
      if (version) added.push(version);
    } catch (err) {
      // The others are still registered; the first damaged one is named.
      problem ??= damagedProblem(modelsDir, folder, err);
    }
  }
  return { added, problem };
}

/** Register one shipped folder; returns the version added, or null when there was nothing to add. */
async function registerFolder(db: Database, folder: string, readsPipeline: ReadsCataloguePipeline): Promise<string | null> {
  const manifestFile = path.join(folder, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} is missing`);
  // Cheap check first (manifest only): a catalogue that has the head already costs one query per folder.
  const peek = parsePeek(manifestFile);
  const facet = db.prepare('SELECT id FROM facets WHERE key = ?').get(String(peek.facet)) as { id: number } | undefined;
  if (!facet) return null; // a catalogue without that facet has no use for it
  const known = db
    .prepare(
      `SELECT id, json_type(manifest, '$.training.imageSha256') IS NOT NULL AS imageSha256,
              json_type(manifest, '$.training.validationImageSha256') IS NOT NULL AS validationImageSha256
       FROM models WHERE facet_id = ? AND version = ?`,
    )
    .get(facet.id, String(peek.version)) as ({ id: number } & Record<HashList, number>) | undefined;
  if (known) {
    const missing = HASH_LISTS.filter((k) => !known[k] && Array.isArray(peek.training?.[k]));
    if (missing.length) recordImageHashes(db, known.id, folder, missing);
    return null;
  }
  const { manifest, artifacts } = readModelFolder(folder);
  const active = getActiveModel(db, manifest.facet);
  const activate = active === null || !isRunnable(active) || (!readsPipeline(active) && readsPipeline(manifest));
  // No other process can be registering meanwhile: a catalogue is open in one process at a time (db/open.ts).
  return (await insertModel(db, { manifest, artifacts, source: 'bundled', activate })).version;
}

function parsePeek(file: string): { facet?: unknown; version?: unknown; training?: Record<string, unknown> } {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { facet?: unknown; version?: unknown; training?: Record<string, unknown> };
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message})`);
  }
}

// Paths inside the installation stay out of the problem: it reaches every signed-in reader of a team server.
function missingProblem(): BundledProblem {
  return {
    message: 'The models shipped with Canting are missing from this installation: classification needs a model you train or import. Reinstall Canting to restore them.',
    messageKey: 'missing',
    params: {},
  };
}

function damagedProblem(modelsDir: string, folder: string, err: unknown): BundledProblem {
  const name = path.basename(folder);
  const reason = (err instanceof Error ? err.message : String(err)).split(modelsDir).join('models');
  return {
    message: `The model shipped with Canting in models/${name} is damaged and was not registered: ${reason}. Reinstall Canting to restore it; models you trained or imported are not affected.`,
    messageKey: 'damaged',
    params: { name, reason },
  };
}

/** The manifest's lists of image hashes: the photos a head trained on, and those its metrics were measured on. */
const HASH_LISTS = ['imageSha256', 'validationImageSha256'] as const;
type HashList = (typeof HASH_LISTS)[number];

/**
 * Add the shipped manifest's hash lists (training.imageSha256,
 * training.validationImageSha256) to a version registered before the
 * manifest listed them, so compare and the report can find those photos in
 * catalogues made earlier. Only when it is the same head (bundled, same
 * weights and topology): a same-named version with other bytes is not ours
 * to describe. Nothing else in the stored manifest changes.
 */
function recordImageHashes(db: Database, modelId: number, folder: string, lists: readonly HashList[]): void {
  const row = db.prepare('SELECT source, manifest FROM models WHERE id = ?').get(modelId) as { source: string; manifest: string };
  if (row.source !== 'bundled') return;
  const { manifest, artifacts } = readModelFolder(folder);
  const stored = getModelArtifacts(db, modelId);
  if (stored.topology !== artifacts.topology || !stored.weights.equals(artifacts.weights)) return;
  const updated = JSON.parse(row.manifest) as { training: Record<string, unknown> };
  for (const k of lists) if (manifest.training[k]) updated.training = { ...updated.training, [k]: manifest.training[k] };
  db.prepare('UPDATE models SET manifest = ?, training = ? WHERE id = ?').run(JSON.stringify(updated), JSON.stringify(updated.training), modelId);
}
