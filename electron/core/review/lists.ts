import type { Database } from 'better-sqlite3';
import { getFacet } from '../catalogue/facets.js';


/**
 * Model versions of a facet with the images whose current prediction each made, as the
 * grid's model filter counts them (review_grid.model_id, counted on its facet/model index).
 * The grid shows the active version's predictions only, so every other version matches nothing.
 */
export function listModelVersions(db: Database, facetKey: string): { version: string; active: boolean; source: string; createdAt: string; images: number }[] {
  const facet = getFacet(db, facetKey);
  const rows = db
    .prepare(
      `SELECT m.version, m.active, m.source, m.created_at, coalesce(g.n, 0) AS images
       FROM models m
       LEFT JOIN (SELECT model_id, count(*) AS n FROM review_grid WHERE facet_id = @facet AND model_id IS NOT NULL GROUP BY model_id) g ON g.model_id = m.id
       WHERE m.facet_id = @facet ORDER BY m.created_at DESC, m.id DESC`,
    )
    .all({ facet: facet.id }) as { version: string; active: number; source: string; created_at: string; images: number }[];
  return rows.map((r) => ({ version: r.version, active: r.active === 1, source: r.source, createdAt: r.created_at, images: r.images }));
}
