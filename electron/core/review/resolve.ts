import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { ResolveResult } from '../../common/contract/index.js';
import { getFacet, resolveLabel } from '../catalogue/facets.js';
import { actorOf, sameActor, type SignAs } from './actor.js';
import { auditWriter, newBatchId } from '../catalogue/audit.js';
import { ITEM_STATES_LIMIT, itemStates } from './decide.js';
import { settled, standingVotes, type Verdict } from './layered.js';
import { loadStates, reviewChange, reviewWriter } from './state.js';
import { latestRound, voteWriter } from './votes.js';

export interface ResolveRequest {
  facet: string;
  ids: number[];
  /** The expert's answer: a label, or not usable. */
  action: 'label' | 'reject';
  label?: string;
}

/**
 * An expert settles disputed images: the expert's answer becomes the label
 * (validated when it is the prediction's, else corrected; or rejected). The
 * audit entry carries both earlier votes, so the history shows who said what
 * and who decided. Whether the caller may resolve (the expert role) is
 * decided where permissions are (dispatch); here, one rule of its own: a
 * person who voted in the dispute does not resolve it (nobody counts twice).
 * One batch, so undo puts the images back to disputed.
 */
export function resolveDisputes(db: Database, req: ResolveRequest, as?: SignAs): ResolveResult {
  const actor = actorOf(db, as);
  const facet = getFacet(db, req.facet);
  if (req.action === 'label' && !req.label) throw new ApiError('invalid_input', 'Resolving with a label needs the label');
  if (req.action === 'reject' && req.label) throw new ApiError('invalid_input', 'Resolving as rejected takes no label');
  const verdict: Verdict = req.action === 'label' ? { outcome: 'label', labelId: resolveLabel(facet, req.label!).id } : { outcome: 'reject', labelId: null };
  const keyOf = new Map(facet.labels.map((l) => [l.id, l.key]));
  const ids = [...new Set(req.ids)];

  const run = db.transaction((): ResolveResult => {
    const states = loadStates(db, facet.id, ids);
    const notDisputed = ids.filter((id) => states.get(id)!.status !== 'disputed');
    if (notDisputed.length) {
      const list = notDisputed.slice(0, 10).join(', ');
      throw new ApiError('invalid_input', `Only disputed images are resolved; not disputed: ${list}`).translated('resolveNotDisputed', { ids: list });
    }
    const at = new Date().toISOString();
    const batchId = newBatchId();
    const write = reviewWriter(db);
    const audit = auditWriter(db);
    const vote = voteWriter(db);
    for (const id of ids) {
      const s = states.get(id)!;
      const { round, votes } = latestRound(db, id, facet.id);
      const earlier = standingVotes(votes);
      if (earlier.some((v) => sameActor(v.actor, actor))) {
        throw new ApiError('invalid_input', `${actor.name} voted in the dispute over image ${id}; another expert resolves it`).translated('resolveOwnDispute', {
          name: actor.name,
          id,
        });
      }
      const to = settled(verdict, s);
      const revision = write({ imageId: id, facetId: facet.id, status: to.status, labelId: to.labelId, predictionId: s.predictionId, validator: actor.name, userId: actor.userId, at });
      vote({ imageId: id, facetId: facet.id, round, kind: 'resolution', ...verdict, actor, at, batchId });
      audit({
        at,
        actor: actor.name,
        userId: actor.userId,
        action: 'resolve',
        ...reviewChange(facet.id, s, to),
        batchId,
        details: {
          revision,
          round,
          resolution: verdict,
          ...(actor.userId !== null ? { userId: actor.userId } : {}),
          votes: earlier.map((v) => ({
            actor: v.actor.name,
            userId: v.actor.userId,
            outcome: v.outcome,
            label: v.labelId === null ? null : (keyOf.get(v.labelId) ?? null),
            at: v.at,
            batchId: v.batchId,
          })),
        },
      });
    }
    return { batchId, resolved: ids.length, items: ids.length <= ITEM_STATES_LIMIT ? itemStates(db, facet, ids) : [] };
  });
  return run.immediate();
}
