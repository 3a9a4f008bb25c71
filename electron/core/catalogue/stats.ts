import type { Database } from 'better-sqlite3';

export function catalogueCounts(db: Database): { images: number; predicted: number; reviewed: number; roots: number } {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    images: one('SELECT count(*) AS n FROM images WHERE superseded_by IS NULL'),
    predicted: one('SELECT count(DISTINCT image_id) AS n FROM predictions'),
    reviewed: one("SELECT count(DISTINCT image_id) AS n FROM reviews WHERE status <> 'predicted'"),
    roots: one('SELECT count(*) AS n FROM import_roots'),
  };
}
