import type { Database } from 'better-sqlite3';
import { isOwnBackbone } from './backbone-info.js';

/**
 * Embeddings cached under backbone ids this release no longer computes (an
 * earlier release's features). Nothing classifies or trains with them any
 * more; only comparisons and reports of versions trained on them read them.
 * They can be large (a 1280-d vector is 5 KB, per image and augmented view),
 * so an archive short of disk space can drop them on request, never
 * automatically.
 */
export interface StaleBackbone {
  backbone: string;
  vectors: number;
  bytes: number;
}

export function staleEmbeddings(db: Database): StaleBackbone[] {
  const rows = db
    .prepare('SELECT backbone, COUNT(*) AS vectors, SUM(length(vector)) AS bytes FROM embeddings GROUP BY backbone ORDER BY backbone')
    .all() as StaleBackbone[];
  return rows.filter((r) => !isOwnBackbone(r.backbone));
}

/** Delete the stale embeddings in one transaction; returns what was removed. */
export function pruneStaleEmbeddings(db: Database): StaleBackbone[] {
  return db.transaction(() => {
    const stale = staleEmbeddings(db);
    const del = db.prepare('DELETE FROM embeddings WHERE backbone = ?');
    for (const s of stale) del.run(s.backbone);
    return stale;
  })();
}
