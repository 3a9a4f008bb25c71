import type { Database } from 'better-sqlite3';
import { getFacet } from '../catalogue/facets.js';

/** Import roots with their (non-superseded) image counts, for the folder filter. */
export function listRoots(db: Database): { id: number; path: string; images: number }[] {
  return db
    .prepare(
      `SELECT r.id, r.path, (SELECT count(*) FROM images i WHERE i.root_id = r.id AND i.superseded_by IS NULL) AS images
       FROM import_roots r ORDER BY r.path`,
    )
    .all() as { id: number; path: string; images: number }[];
}

export function listModelVersions(db: Database, facetKey: string): { version: string; active: boolean; source: string; createdAt: string }[] {
  const facet = getFacet(db, facetKey);
  const rows = db
    .prepare('SELECT version, active, source, created_at FROM models WHERE facet_id = ? ORDER BY created_at DESC, id DESC')
    .all(facet.id) as { version: string; active: number; source: string; created_at: string }[];
  return rows.map((r) => ({ version: r.version, active: r.active === 1, source: r.source, createdAt: r.created_at }));
}
