import type { Database } from 'better-sqlite3';
import type { ReviewHistoryEntry, ValidationVote } from '../../common/contract/index.js';
import { getFacet } from '../catalogue/facets.js';
import { sameActor, type Actor } from './actor.js';
import { validationPolicy } from './layered.js';
import { loadStates } from './state.js';
import { latestRound } from './votes.js';

/**
 * The votes of an image's current round as `viewer` may see them. Blind
 * facets: while the image awaits its second validation, the label of a vote
 * by someone else is left out (the answer carries hidden: true), so a second
 * validator decides without knowing the first one's answer. Once the round
 * is settled or disputed, everything is shown.
 */
export function listVotes(db: Database, imageId: number, facetKey: string, viewer: Actor): { status: string; round: number; votes: ValidationVote[] } {
  const facet = getFacet(db, facetKey);
  const status = loadStates(db, facet.id, [imageId]).get(imageId)!.status;
  const { round, votes } = latestRound(db, imageId, facet.id);
  const blindNow = validationPolicy(db, facet.id).blind && status === 'awaiting';
  const keyOf = new Map(facet.labels.map((l) => [l.id, l.key]));
  return {
    status,
    round,
    votes: votes.map((v) => {
      const hidden = blindNow && !sameActor(v.actor, viewer);
      return {
        actor: v.actor.name,
        userId: v.actor.userId,
        kind: v.kind,
        outcome: hidden ? 'label' : v.outcome,
        label: hidden || v.labelId === null ? null : (keyOf.get(v.labelId) ?? null),
        hidden,
        at: v.at,
      };
    }),
  };
}

/**
 * The history's side of blind validation: while an image of a blind facet
 * awaits its second validation, its entries do not carry the vote (the
 * first validator's answer) in their details. The audit log itself keeps it.
 */
export function hideBlindVotes(db: Database, imageId: number, entries: ReviewHistoryEntry[]): ReviewHistoryEntry[] {
  const blindAwaiting = new Set(
    db
      .prepare(
        `SELECT f.key FROM reviews r JOIN facets f ON f.id = r.facet_id
         WHERE r.image_id = ? AND r.status = 'awaiting' AND f.blind_validation = 1`,
      )
      .pluck()
      .all(imageId) as string[],
  );
  if (!blindAwaiting.size) return entries;
  return entries.map((e) => {
    if (!e.facet || !blindAwaiting.has(e.facet) || !e.details || typeof e.details !== 'object' || !('vote' in e.details)) return e;
    const { vote: _hidden, ...rest } = e.details as Record<string, unknown>;
    return { ...e, details: { ...rest, voteHidden: true } };
  });
}
