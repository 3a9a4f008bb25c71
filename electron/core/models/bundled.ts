import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { isRunnable } from './runnable.js';
import { getActiveModel, getModelArtifacts, insertModel, readModelFolder, type ModelRow } from './store.js';

/**
 * Register the heads shipped in `models/` (one sub-folder each, with
 * manifest.json, model.json and weights) into a catalogue the first time it
 * is used for classification. A bundled head becomes its facet's active model
 * only when the facet has none, or has one this release can no longer run (an
 * earlier release's bundled head, say), so a user's own choice of a working
 * model is never overridden.
 * A bundled version already registered is never replaced, but it gains the
 * image hashes a later release's manifest adds (see recordImageHashes).
 * Returns the models it added (empty when all were already there).
 */
export function registerBundledModels(db: Database, modelsDir: string): Promise<ModelRow[]> {
  // One at a time per catalogue: two screens asking at once (the next-step offer asks every facet's
  // classify.status together) would both find the head missing and the second insert would fail.
  const run = (registering.get(db) ?? Promise.resolve([])).catch(() => []).then(() => registerMissing(db, modelsDir));
  registering.set(db, run);
  return run;
}

const registering = new WeakMap<Database, Promise<ModelRow[]>>();

async function registerMissing(db: Database, modelsDir: string): Promise<ModelRow[]> {
  if (!fs.existsSync(modelsDir)) return [];
  const added: ModelRow[] = [];
  const folders = fs
    .readdirSync(modelsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(modelsDir, d.name, 'manifest.json')))
    .map((d) => path.join(modelsDir, d.name))
    .sort();
  for (const folder of folders) {
    // Cheap check first (manifest only): this runs before every classification.
    const peek = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { facet?: unknown; version?: unknown; training?: Record<string, unknown> };
    const facet = db.prepare('SELECT id FROM facets WHERE key = ?').get(String(peek.facet)) as { id: number } | undefined;
    if (!facet) continue; // a catalogue without that facet has no use for it
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
      continue;
    }
    const { manifest, artifacts } = readModelFolder(folder);
    const active = getActiveModel(db, manifest.facet);
    const activate = active === null || !isRunnable(active);
    added.push(await insertModel(db, { manifest, artifacts, source: 'bundled', activate }));
  }
  return added;
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
