import type { Database } from 'better-sqlite3';
import type { ReviewStatus } from '../../common/contract/index.js';
import { sameActor, type Actor } from './actor.js';
import type { CurrentState } from './state.js';
import type { Vote } from './votes.js';

/** How many people must agree on a facet's labels, and whether the second one decides blind (migration 0010). */
export interface ValidationPolicy {
  requiredValidations: 1 | 2;
  blind: boolean;
}

export function validationPolicy(db: Database, facetId: number): ValidationPolicy {
  const row = db.prepare('SELECT required_validations AS r, blind_validation AS b FROM facets WHERE id = ?').get(facetId) as { r: 1 | 2; b: number };
  return { requiredValidations: row.r, blind: row.b === 1 };
}

/** What one person says about an image: this label, or not usable. */
export interface Verdict {
  outcome: 'label' | 'reject';
  labelId: number | null;
}

export const sameVerdict = (a: Verdict, b: Verdict) => a.outcome === b.outcome && a.labelId === b.labelId;

/** Each person's standing vote (their latest), oldest first: one person never counts twice. */
export function standingVotes(votes: Vote[]): Vote[] {
  const latest: Vote[] = [];
  for (const v of votes.filter((x) => x.kind === 'vote')) {
    const i = latest.findIndex((l) => sameActor(l.actor, v.actor));
    if (i >= 0) latest.splice(i, 1);
    latest.push(v);
  }
  return latest;
}

/** The settled state a verdict gives (as a single decision does: the predicted label chosen = validated). */
export function settled(verdict: Verdict, s: Pick<CurrentState, 'predLabelId'>): { status: ReviewStatus; labelId: number | null } {
  if (verdict.outcome === 'reject') return { status: 'rejected', labelId: null };
  return { status: verdict.labelId === s.predLabelId ? 'validated' : 'corrected', labelId: verdict.labelId };
}

/**
 * The state after `actor` gives `verdict` under two required validations.
 * `openVotes` are the open round's votes (none when the item is not
 * awaiting: the verdict then opens a new round).
 * - nobody else has voted: awaiting a second validation, showing the
 *   verdict's label, or, when blind, what the item showed before (so the
 *   second validator sees what the first one saw, not the first one's answer);
 * - another person voted the same: settled;
 * - another person voted otherwise: disputed, no label, until an expert resolves it.
 */
export function layeredTarget(
  s: CurrentState,
  verdict: Verdict,
  actor: Actor,
  openVotes: Vote[],
  blind: boolean,
): { status: ReviewStatus; labelId: number | null } {
  const other = standingVotes(openVotes).find((v) => !sameActor(v.actor, actor));
  if (!other) {
    if (blind) return { status: 'awaiting', labelId: s.status === 'awaiting' ? s.labelId : s.predLabelId };
    return { status: 'awaiting', labelId: verdict.labelId };
  }
  if (sameVerdict(other, verdict)) return settled(verdict, s);
  return { status: 'disputed', labelId: null };
}
