import type { Database } from 'better-sqlite3';
import type { Assignee } from '../../common/contract/roles.js';

/** Roles that decide labels, so work queues can be handed to them. */
const DECIDING = ['validator', 'expert'] as const;

/** Enabled validators and experts by display name: whom an archivist can assign a work queue to. */
export function listAssignees(db: Database): Assignee[] {
  return db
    .prepare(
      `SELECT username, display_name AS displayName, role FROM users
        WHERE disabled = 0 AND role IN (${DECIDING.map(() => '?').join(', ')})
        ORDER BY display_name COLLATE NOCASE, username`,
    )
    .all(...DECIDING) as Assignee[];
}
