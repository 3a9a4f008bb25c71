import type { Database } from 'better-sqlite3';
import type { ReviewHistoryEntry } from '../../common/contract/index.js';
import { getFacet } from '../catalogue/facets.js';
import { hideBlindVotes } from './vote-list.js';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  image_id: number | null;
  facet: string | null;
  from_status: string | null;
  from_label: string | null;
  to_status: string | null;
  to_label: string | null;
  version: string | null;
  batch_id: string | null;
  undo_of: number | null;
  details: string | null;
}

/** The columns every history answer shares; `a` is audit_log. */
export const HISTORY_SELECT = `
  SELECT a.id, a.at, a.actor, a.action, a.image_id, f.key AS facet, a.from_status, fl.key AS from_label, a.to_status, tl.key AS to_label,
         m.version, a.batch_id, a.undo_of, a.details
  FROM audit_log a
  LEFT JOIN facets f ON f.id = a.facet_id
  LEFT JOIN labels fl ON fl.id = a.from_label_id
  LEFT JOIN labels tl ON tl.id = a.to_label_id
  LEFT JOIN models m ON m.id = a.model_id`;

export function toHistoryEntry(r: Row): ReviewHistoryEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    imageId: r.image_id,
    facet: r.facet,
    fromStatus: r.from_status,
    fromLabel: r.from_label,
    toStatus: r.to_status,
    toLabel: r.to_label,
    modelVersion: r.version,
    batchId: r.batch_id,
    undoOf: r.undo_of,
    details: r.details === null ? null : (JSON.parse(r.details) as unknown),
  };
}

/** Full label history of one image (one facet or all), oldest first; uses the audit_log (image_id, facet_id) index. Blind votes awaiting a second validation are left out (vote-list.ts). */
export function imageHistory(db: Database, imageId: number, facetKey?: string): ReviewHistoryEntry[] {
  const rows = facetKey
    ? (db.prepare(`${HISTORY_SELECT} WHERE a.image_id = ? AND a.facet_id = ? ORDER BY a.id`).all(imageId, getFacet(db, facetKey).id) as Row[])
    : (db.prepare(`${HISTORY_SELECT} WHERE a.image_id = ? ORDER BY a.id`).all(imageId) as Row[]);
  return hideBlindVotes(db, imageId, rows.map(toHistoryEntry));
}
