import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { GridFilter, type WorkQueue } from '../../common/contract/index.js';
import { getFacet } from '../catalogue/facets.js';
import { sameActor, type Actor } from './actor.js';
import { auditWriter } from '../catalogue/audit.js';
import { normaliseFolder } from './filter.js';
import { gridIds } from './query.js';
import { latestRound } from './votes.js';

interface QueueRow {
  id: number;
  facet: string;
  facet_id: number;
  assignee_name: string;
  assignee_user_id: number | null;
  folder: string | null;
  filter: string | null;
  created_by: string;
  created_at: string;
}

/** The grid filter a queue stands for: its folder, or its saved filter. */
function queueFilter(row: Pick<QueueRow, 'folder' | 'filter'>): GridFilter {
  return row.folder !== null ? { folder: row.folder } : GridFilter.parse(JSON.parse(row.filter!));
}

/**
 * Whether an image still waits for this person: nobody decided it, or it
 * awaits a second validation they have not given. Everything else (settled,
 * disputed, or awaiting a vote they gave) counts as done for them.
 */
function waitsFor(db: Database, facetId: number, id: number, status: string, person: Actor): boolean {
  if (status === 'unreviewed' || status === 'predicted') return true;
  if (status !== 'awaiting') return false;
  return !latestRound(db, id, facetId).votes.some((v) => sameActor(v.actor, person));
}

function withProgress(db: Database, row: QueueRow): WorkQueue {
  const { ids } = gridIds(db, row.facet, queueFilter(row), 'importedAt');
  const statusOf = db.prepare('SELECT status FROM review_grid WHERE facet_id = ? AND image_id = ?').pluck();
  const person = { name: row.assignee_name, userId: row.assignee_user_id };
  const waiting = ids.filter((id) => waitsFor(db, row.facet_id, id, statusOf.get(row.facet_id, id) as string, person)).length;
  return {
    id: row.id,
    facet: row.facet,
    assignee: row.assignee_name,
    folder: row.folder,
    filter: row.filter === null ? null : (JSON.parse(row.filter) as Record<string, unknown>),
    createdBy: row.created_by,
    createdAt: row.created_at,
    total: ids.length,
    done: ids.length - waiting,
  };
}

const SELECT = `SELECT q.id, f.key AS facet, q.facet_id, q.assignee_name, q.assignee_user_id, q.folder, q.filter, q.created_by, q.created_at
  FROM work_queues q JOIN facets f ON f.id = q.facet_id`;

/** An archivist gives a validator a folder, or a saved grid filter, of one facet to decide. */
export function assignQueue(
  db: Database,
  req: { facet: string; assignee: string | Actor; folder?: string; filter?: Record<string, unknown> },
  by: Actor,
): WorkQueue {
  const facet = getFacet(db, req.facet);
  if ((req.folder === undefined) === (req.filter === undefined)) {
    throw new ApiError('invalid_input', 'A work queue is either a folder or a saved filter: give exactly one').translated('queueFolderOrFilter');
  }
  const assignee: Actor = typeof req.assignee === 'string' ? { name: req.assignee.trim(), userId: null } : req.assignee;
  const folder = req.folder === undefined ? null : normaliseFolder(req.folder);
  let filter: string | null = null;
  if (req.filter !== undefined) {
    const parsed = GridFilter.safeParse(req.filter);
    if (!parsed.success) throw new ApiError('invalid_input', `Not a grid filter: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    filter = JSON.stringify(parsed.data);
  }
  // Refuses a filter naming labels or folders the facet does not have, before anything is stored.
  gridIds(db, facet.key, folder !== null ? { folder } : (JSON.parse(filter!) as GridFilter), 'importedAt');
  const at = new Date().toISOString();
  const id = db.transaction(() => {
    const newId = Number(
      db
        .prepare(
          `INSERT INTO work_queues (facet_id, assignee_name, assignee_user_id, folder, filter, created_by, created_by_user_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(facet.id, assignee.name, assignee.userId, folder, filter, by.name, by.userId, at).lastInsertRowid,
    );
    auditWriter(db)({ at, actor: by.name, userId: by.userId, action: 'queue.assign', entity: 'queue', facetId: facet.id, details: { queue: newId, assignee: assignee.name, folder, filter } });
    return newId;
  })();
  return withProgress(db, db.prepare(`${SELECT} WHERE q.id = ?`).get(id) as QueueRow);
}

/** Every queue (the archivist's view of progress per person), or one person's ("my queue"). */
export function listQueues(db: Database, assignee?: Actor): WorkQueue[] {
  const rows = db.prepare(`${SELECT} ORDER BY q.assignee_name COLLATE NOCASE, q.id`).all() as QueueRow[];
  return rows.filter((r) => !assignee || sameActor({ name: r.assignee_name, userId: r.assignee_user_id }, assignee)).map((r) => withProgress(db, r));
}

export function removeQueue(db: Database, id: number, by: Actor): { removed: boolean } {
  return db.transaction(() => {
    const row = db.prepare(`${SELECT} WHERE q.id = ?`).get(id) as QueueRow | undefined;
    if (!row) return { removed: false };
    db.prepare('DELETE FROM work_queues WHERE id = ?').run(id);
    auditWriter(db)({ at: new Date().toISOString(), actor: by.name, userId: by.userId, action: 'queue.remove', entity: 'queue', facetId: row.facet_id, details: { queue: id, assignee: row.assignee_name } });
    return { removed: true };
  })();
}
