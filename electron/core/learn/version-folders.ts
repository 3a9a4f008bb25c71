import { activateVersion } from './activation.js';
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getModel, getModelArtifacts, importModelFolder, writeModelFolder } from '../models/store.js';
import { versionInfo, type VersionInfo } from './versions.js';

// A version to and from a TF.js folder (to share a model between catalogues).

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
  return opts.activate ? activateVersion(db, m.id) : versionInfo(db, m);
}
