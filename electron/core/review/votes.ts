import type { Database } from 'better-sqlite3';
import type { Actor } from './actor.js';

/** One person's vote (or an expert's resolution) in a round of layered validation (migration 0010). */
export interface Vote {
  id: number;
  round: number;
  kind: 'vote' | 'resolution';
  outcome: 'label' | 'reject';
  labelId: number | null;
  actor: Actor;
  at: string;
  batchId: string;
}

interface VoteRow {
  id: number;
  round: number;
  kind: 'vote' | 'resolution';
  outcome: 'label' | 'reject';
  label_id: number | null;
  actor_name: string;
  actor_user_id: number | null;
  at: string;
  batch_id: string;
}

const toVote = (r: VoteRow): Vote => ({
  id: r.id,
  round: r.round,
  kind: r.kind,
  outcome: r.outcome,
  labelId: r.label_id,
  actor: { name: r.actor_name, userId: r.actor_user_id },
  at: r.at,
  batchId: r.batch_id,
});

/** The latest round's standing votes (withdrawn ones left out), oldest first; round 0 when there is none. */
export function latestRound(db: Database, imageId: number, facetId: number): { round: number; votes: Vote[] } {
  const round = (db.prepare('SELECT max(round) FROM validation_votes WHERE image_id = ? AND facet_id = ?').pluck().get(imageId, facetId) as number | null) ?? 0;
  const rows = db
    .prepare(
      `SELECT id, round, kind, outcome, label_id, actor_name, actor_user_id, at, batch_id FROM validation_votes
       WHERE image_id = ? AND facet_id = ? AND round = ? AND withdrawn = 0 ORDER BY id`,
    )
    .all(imageId, facetId, round) as VoteRow[];
  return { round, votes: rows.map(toVote) };
}

/** Prepared once per action; call inside the action's transaction. */
export function voteWriter(db: Database) {
  const stmt = db.prepare(
    `INSERT INTO validation_votes (image_id, facet_id, round, kind, outcome, label_id, actor_name, actor_user_id, at, batch_id)
     VALUES (@imageId, @facetId, @round, @kind, @outcome, @labelId, @name, @userId, @at, @batchId)`,
  );
  return (v: { imageId: number; facetId: number; round: number; kind: Vote['kind']; outcome: Vote['outcome']; labelId: number | null; actor: Actor; at: string; batchId: string }) =>
    void stmt.run({ ...v, name: v.actor.name, userId: v.actor.userId });
}

/** Undo takes a batch's votes on an image back (withdrawn), redo restores them. */
export function voteWithdrawer(db: Database) {
  const stmt = db.prepare('UPDATE validation_votes SET withdrawn = ? WHERE batch_id = ? AND image_id = ?');
  return (batchId: string, imageId: number, withdrawn: boolean) => void stmt.run(withdrawn ? 1 : 0, batchId, imageId);
}
