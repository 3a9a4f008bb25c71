import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { DecisionAction, DecisionResult, Facet, ReviewStatus } from '../../common/contract/index.js';
import { getFacet, resolveLabel } from '../catalogue/facets.js';
import { actorOf, sameActor, type SignAs } from './actor.js';
import { auditWriter, newBatchId } from '../catalogue/audit.js';
import { layeredTarget, sameVerdict, settled, standingVotes, validationPolicy, type Verdict } from './layered.js';
import { loadStates, reviewChange, reviewWriter, sameState, undecided, type CurrentState } from './state.js';
import { latestRound, voteWriter } from './votes.js';

export interface DecideRequest {
  facet: string;
  ids: number[];
  action: DecisionAction;
  label?: string;
  /** image id → revision the caller saw. */
  seen?: Record<string, number>;
  /** Also change items a person already decided (default: leave them alone and count them). */
  overwriteDecided?: boolean;
  /** Only say what the action would do; nothing is written. */
  dryRun?: boolean;
}

/** Results list item states only for selections this small (a bulk action over 100,000 would be a huge answer). */
export const ITEM_STATES_LIMIT = 1000;

/** What the item becomes. null = nothing to do. */
function target(action: DecisionAction, s: CurrentState, labelId: number | null): { status: ReviewStatus; labelId: number | null } {
  switch (action) {
    case 'label':
      // Choosing the label the model predicted is confirming it.
      return { status: labelId === s.predLabelId ? 'validated' : 'corrected', labelId };
    case 'validate':
      return { status: 'validated', labelId: s.labelId };
    case 'reject':
      return { status: 'rejected', labelId: null };
    case 'reset':
      return { status: s.predictionId !== null ? 'predicted' : 'unreviewed', labelId: s.predLabelId };
  }
}

/** What a label/validate/reject decision says about an image (reset says nothing: it takes decisions back). */
function verdictOf(action: DecisionAction, s: CurrentState, labelId: number | null): Verdict | null {
  if (action === 'label') return { outcome: 'label', labelId };
  if (action === 'validate') return { outcome: 'label', labelId: s.labelId };
  if (action === 'reject') return { outcome: 'reject', labelId: null };
  return null;
}

/** A decided state a person settled: nothing more to validate. */
const isSettled = (status: ReviewStatus) => status === 'corrected' || status === 'validated' || status === 'rejected';

/**
 * One decision over one or many images: one transaction, one batch id, one
 * audit entry per changed image. All or nothing: an unknown id, a label
 * outside the facet or an item with nothing to validate refuses the whole
 * action before anything is written.
 *
 * Concurrent edits (two windows, two validators): last write wins. If the
 * caller says which revision it saw and the stored one is newer, the
 * decision still applies, and the overwrite is reported and noted in the
 * audit entry's details, so both decisions stay visible in the history.
 *
 * A person's decision is not replaced by accident: unless the caller asks
 * (overwriteDecided), items already corrected, validated or rejected are left
 * as they are and counted in `skippedDecided`, so a client can say how many
 * and ask first (a dryRun answers without writing). Reset is exempt: undoing
 * a decision is what it is for.
 *
 * Layered validation (a facet requiring 2 validations, see layered.ts): each
 * decision is also a person's vote; an image awaiting a second validation is
 * open to anyone else's decision (it is not "already decided" for them), a
 * disputed image is left alone by every action (an expert resolves it,
 * resolve.ts), and deciding a settled image again opens a new round.
 */
export function decide(db: Database, req: DecideRequest, as?: SignAs): DecisionResult {
  const actor = actorOf(db, as);
  const validator = actor.name;
  const facet = getFacet(db, req.facet);
  const policy = validationPolicy(db, facet.id);
  const layered = policy.requiredValidations === 2 && req.action !== 'reset';
  if (req.action === 'label' && !req.label) throw new ApiError('invalid_input', 'Action "label" needs a label');
  if (req.action !== 'label' && req.label) throw new ApiError('invalid_input', `Action "${req.action}" takes no label`);
  const labelId = req.action === 'label' ? resolveLabel(facet, req.label!).id : null;
  const ids = [...new Set(req.ids)];

  const protect = !req.overwriteDecided && req.action !== 'reset';

  const run = db.transaction((): DecisionResult => {
    const states = loadStates(db, facet.id, ids);
    const openVotes = (s: CurrentState) => (s.status === 'awaiting' ? latestRound(db, s.imageId, facet.id) : null);
    const votedBefore = (s: CurrentState) => standingVotes(openVotes(s)?.votes ?? []).some((v) => sameActor(v.actor, actor));
    // Left alone: a person decided them and the caller did not ask to replace that
    // (awaiting: only the person who voted has decided it); disputed: always.
    const kept = (s: CurrentState) =>
      s.status === 'disputed' || (protect && !undecided(s.status) && !(layered && s.status === 'awaiting' && !votedBefore(s)));
    if (req.action === 'validate') {
      const empty = ids.filter((id) => states.get(id)!.labelId === null && !kept(states.get(id)!));
      if (empty.length) {
        throw new ApiError(
          'invalid_input',
          `Nothing to validate on ${empty.length} image(s) (no label shown: unreviewed or rejected), e.g. id ${empty.slice(0, 10).join(', ')}. Set a label instead.`,
        );
      }
    }
    const at = new Date().toISOString();
    const batchId = newBatchId();
    const write = reviewWriter(db);
    const audit = auditWriter(db);
    const vote = voteWriter(db);
    const overwritten: DecisionResult['overwritten'] = [];
    let changed = 0;
    let skippedDecided = 0;
    for (const id of ids) {
      const s = states.get(id)!;
      const verdict = layered ? verdictOf(req.action, s, labelId)! : null;
      const open = layered ? openVotes(s) : null;
      let to = target(req.action, s, labelId);
      if (verdict) {
        // A settled image given the same verdict again: nothing to do.
        if (isSettled(s.status) && sameState(s, settled(verdict, s)) && s.status === settled(verdict, s).status) continue;
        to = layeredTarget(s, verdict, actor, open?.votes ?? [], policy.blind);
        const own = standingVotes(open?.votes ?? []).find((v) => sameActor(v.actor, actor));
        if (own && sameVerdict(own, verdict) && sameState(s, to) && s.status === to.status) continue;
      } else if (sameState(s, to) && s.status === to.status) continue;
      if (kept(s)) {
        skippedDecided++;
        continue;
      }
      if (req.dryRun) {
        changed++;
        continue;
      }
      const seen = req.seen?.[String(id)];
      const overwrite = seen !== undefined && seen !== s.revision ? { id, seenRevision: seen, revision: s.revision, by: s.validator } : null;
      if (overwrite) overwritten.push(overwrite);
      const revision = write({ imageId: id, facetId: facet.id, status: to.status, labelId: to.labelId, predictionId: s.predictionId, validator, userId: actor.userId, at });
      const round = verdict ? (open?.round ?? latestRound(db, id, facet.id).round + 1) : null;
      if (verdict) vote({ imageId: id, facetId: facet.id, round: round!, kind: 'vote', ...verdict, actor, at, batchId });
      audit({
        at,
        actor: validator,
        userId: actor.userId,
        action: req.action,
        ...reviewChange(facet.id, s, to),
        batchId,
        details: {
          revision,
          ...(overwrite ? { overwrote: overwrite } : {}),
          ...(verdict ? { round, vote: verdict, ...(actor.userId !== null ? { userId: actor.userId } : {}) } : {}),
        },
      });
      changed++;
    }
    return {
      batchId: changed && !req.dryRun ? batchId : null,
      changed,
      skippedDecided,
      unchanged: ids.length - changed - skippedDecided,
      overwritten,
      items: ids.length <= ITEM_STATES_LIMIT ? itemStates(db, facet, ids) : [],
    };
  });
  return run.immediate();
}

/** The states a client shows after an action. */
export function itemStates(db: Database, facet: Facet, ids: number[]): DecisionResult['items'] {
  const keyOf = new Map(facet.labels.map((l) => [l.id, l.key]));
  const states = loadStates(db, facet.id, ids);
  return ids.map((id) => {
    const s = states.get(id)!;
    return { id, status: s.status, label: s.labelId === null ? null : (keyOf.get(s.labelId) ?? null), revision: s.revision };
  });
}
