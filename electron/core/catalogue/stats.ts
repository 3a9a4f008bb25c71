import type { Database } from 'better-sqlite3';
import { IS_IMPORT_FOLDER } from './roots.js';

/** Images in the catalogue now (a changed file's older version, superseded, is not counted). */
export function countImages(db: Database): number {
  return db.prepare('SELECT count(*) FROM images WHERE superseded_by IS NULL').pluck().get() as number;
}

export function catalogueCounts(db: Database): { images: number; predicted: number; reviewed: number; roots: number } {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    images: countImages(db),
    // Images with a prediction of their facet's active version (what the grid shows), in any facet.
    predicted: one('SELECT count(DISTINCT image_id) AS n FROM review_grid WHERE model_id IS NOT NULL'),
    reviewed: one("SELECT count(DISTINCT image_id) AS n FROM reviews WHERE status <> 'predicted'"),
    roots: one(`SELECT count(*) AS n FROM import_roots r WHERE ${IS_IMPORT_FOLDER}`),
  };
}
