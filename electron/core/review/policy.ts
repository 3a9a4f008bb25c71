import type { Database } from 'better-sqlite3';
import type { ValidationPolicy } from '../../common/contract/index.js';
import { getFacet, listFacets } from '../catalogue/facets.js';
import { actorOf, type SignAs } from './actor.js';
import { auditActor, auditWriter, newBatchId } from '../catalogue/audit.js';
import { settled, standingVotes, validationPolicy } from './layered.js';
import { loadStates, reviewChange, reviewWriter } from './state.js';
import { latestRound } from './votes.js';

export function listPolicies(db: Database): ValidationPolicy[] {
  return listFacets(db).map((f) => ({ facet: f.key, ...validationPolicy(db, f.id) }));
}

/**
 * Change how many people must agree on a facet's labels.
 *
 * The rule is not retroactive: going from 1 to 2, labels already settled by
 * one person stay settled (they were decided under the rule of their time;
 * deciding such an image again opens a round that needs two). Going from 2
 * to 1, an image awaiting a second validation is settled by the one vote it
 * has (that is now all the rule asks); a disputed image stays disputed for an
 * expert, since two people did disagree. Each settled image gets an audit
 * entry (action 'policy'), in one batch.
 */
export function setValidationPolicy(
  db: Database,
  req: { facet: string; requiredValidations?: 1 | 2; blind?: boolean },
  as?: SignAs,
): ValidationPolicy & { settled: number } {
  const facet = getFacet(db, req.facet);
  const run = db.transaction(() => {
    const before = validationPolicy(db, facet.id);
    const after = { requiredValidations: req.requiredValidations ?? before.requiredValidations, blind: req.blind ?? before.blind };
    const actor = as ? actorOf(db, as) : { name: auditActor(db), userId: null };
    const at = new Date().toISOString();
    const audit = auditWriter(db);
    db.prepare('UPDATE facets SET required_validations = ?, blind_validation = ? WHERE id = ?').run(after.requiredValidations, after.blind ? 1 : 0, facet.id);
    audit({ at, actor: actor.name, userId: actor.userId, action: 'validation.setPolicy', entity: 'facet', facetId: facet.id, details: { before, after } });
    let count = 0;
    if (before.requiredValidations === 2 && after.requiredValidations === 1) {
      const ids = db.prepare("SELECT image_id FROM reviews WHERE facet_id = ? AND status = 'awaiting'").pluck().all(facet.id) as number[];
      const states = loadStates(db, facet.id, ids);
      const write = reviewWriter(db);
      const batchId = newBatchId();
      for (const id of ids) {
        const s = states.get(id)!;
        const [only] = standingVotes(latestRound(db, id, facet.id).votes);
        if (!only) continue;
        const to = settled(only, s);
        const revision = write({ imageId: id, facetId: facet.id, status: to.status, labelId: to.labelId, predictionId: s.predictionId, validator: only.actor.name, userId: only.actor.userId, at });
        audit({
          at,
          actor: actor.name,
          userId: actor.userId,
          action: 'policy',
          ...reviewChange(facet.id, s, to),
          batchId,
          details: { revision, reason: 'one validation now settles a label', vote: { actor: only.actor.name, outcome: only.outcome } },
        });
        count++;
      }
    }
    return { facet: facet.key, ...after, settled: count };
  });
  return run.immediate();
}
