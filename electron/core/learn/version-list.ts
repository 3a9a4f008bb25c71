import type { Database } from 'better-sqlite3';
import { getFacet } from '../catalogue/facets.js';
import { listModels } from '../models/store.js';
import { rollbackTargetOf } from './activation.js';
import { versionInfo, type VersionInfo } from './versions.js';

// The versions of a facet, newest first, each saying whether a roll-back now
// would make it active (replayed from the audit log, as activation.ts does).

export function listVersions(db: Database, facetKey: string): VersionInfo[] {
  const facet = getFacet(db, facetKey);
  const target = rollbackTargetOf(db, facet.id, facetKey);
  return listModels(db, facetKey)
    .map((m) => versionInfo(db, m, m.id === target))
    .reverse();
}
