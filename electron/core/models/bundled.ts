import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { isRunnable } from './runnable.js';
import { getActiveModel, insertModel, readModelFolder, type ModelRow } from './store.js';

/**
 * Register the heads shipped in `models/` (one sub-folder each, with
 * manifest.json, model.json and weights) into a catalogue the first time it
 * is used for classification. A bundled head becomes its facet's active model
 * only when the facet has none, or has one this release can no longer run (an
 * earlier release's bundled head, say), so a user's own choice of a working
 * model is never overridden.
 * Returns the models it added (empty when all were already there).
 */
export async function registerBundledModels(db: Database, modelsDir: string): Promise<ModelRow[]> {
  if (!fs.existsSync(modelsDir)) return [];
  const added: ModelRow[] = [];
  const folders = fs
    .readdirSync(modelsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(modelsDir, d.name, 'manifest.json')))
    .map((d) => path.join(modelsDir, d.name))
    .sort();
  for (const folder of folders) {
    // Cheap check first (manifest only): this runs before every classification.
    const peek = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { facet?: unknown; version?: unknown };
    const facet = db.prepare('SELECT id FROM facets WHERE key = ?').get(String(peek.facet)) as { id: number } | undefined;
    if (!facet) continue; // a catalogue without that facet has no use for it
    const known = db.prepare('SELECT 1 FROM models WHERE facet_id = ? AND version = ?').get(facet.id, String(peek.version));
    if (known) continue;
    const { manifest, artifacts } = readModelFolder(folder);
    const active = getActiveModel(db, manifest.facet);
    const activate = active === null || !isRunnable(active);
    added.push(await insertModel(db, { manifest, artifacts, source: 'bundled', activate }));
  }
  return added;
}
