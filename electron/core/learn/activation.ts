import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { assertRunnable } from '../models/runnable.js';
import { catalogueBackbone, headMatchesPipeline, pipelineOfBackbone } from '../classify/pipeline-setting.js';
import { getFacet } from '../catalogue/facets.js';
import { changedBy, type Actor } from '../catalogue/audit.js';
import { activateModel, getActiveModel, getModel, type ModelRow } from '../models/store.js';
import { versionInfo, type VersionInfo } from './versions.js';

/**
 * Activating a version and rolling back. Activations are written to the
 * append-only audit_log, which is also what roll-back replays to know which
 * model was active before (so no second record of it can drift).
 */

function logActivation(db: Database, action: 'model.activate' | 'model.rollback', m: ModelRow, details: unknown, by?: Actor): void {
  const actor = changedBy(db, by);
  db.prepare(`INSERT INTO audit_log (at, actor, user_id, action, entity, facet_id, model_id, details) VALUES (?, ?, ?, ?, 'model', ?, ?, ?)`).run(
    new Date().toISOString(),
    actor.name,
    actor.userId,
    action,
    m.facetId,
    m.id,
    JSON.stringify(details),
  );
}

/** Which models were active, oldest first, replayed from the audit log (activate pushes, roll-back pops). */
function activationStack(db: Database, facetId: number): number[] {
  const rows = db
    .prepare(`SELECT action, model_id AS modelId FROM audit_log WHERE entity = 'model' AND facet_id = ? AND action IN ('model.activate', 'model.rollback') ORDER BY id`)
    .all(facetId) as { action: string; modelId: number }[];
  const stack: number[] = [];
  for (const r of rows) {
    if (r.action === 'model.activate') stack.push(r.modelId);
    else {
      stack.pop();
      if (stack[stack.length - 1] !== r.modelId) stack.push(r.modelId);
    }
  }
  return stack;
}

/**
 * The model a roll-back would make active, as rollbackVersion works it out (without
 * writing the "observed" entry it adds for a model made active elsewhere); null when
 * there is none, or it is the active one itself.
 */
export function rollbackTargetOf(db: Database, facetId: number, facetKey: string): number | null {
  const current = getActiveModel(db, facetKey);
  if (!current) return null;
  const stack = activationStack(db, facetId);
  if (stack[stack.length - 1] !== current.id) stack.push(current.id);
  const previous = stack.length >= 2 ? stack[stack.length - 2] : null;
  return previous === current.id ? null : previous;
}

/** `by`: the signed-in user (else the catalogue's validator name). */
export function activateVersion(db: Database, id: number, by?: Actor): VersionInfo {
  const m = getModel(db, id);
  assertRunnable(m);
  return db.transaction(() => {
    const before = getActiveModel(db, m.facetKey);
    // A model made active elsewhere (bundled, import) enters the history first, so roll-back can return to it.
    const stack = activationStack(db, m.facetId);
    if (before && stack[stack.length - 1] !== before.id) logActivation(db, 'model.activate', before, { observed: true }, by);
    activateModel(db, id);
    logActivation(db, 'model.activate', m, { previous: before?.version ?? null }, by);
    return versionInfo(db, getModel(db, id));
  })();
}

/** Make the model that was active before the current one active again. */
export function rollbackVersion(db: Database, facetKey: string, by?: Actor): VersionInfo {
  const facet = getFacet(db, facetKey);
  return db.transaction(() => {
    const current = getActiveModel(db, facetKey);
    const stack = activationStack(db, facet.id);
    if (current && stack[stack.length - 1] !== current.id) {
      logActivation(db, 'model.activate', current, { observed: true }, by);
      stack.push(current.id);
    }
    const previous = stack.length >= 2 ? stack[stack.length - 2] : null;
    if (!current || previous === null) {
      throw new ApiError('conflict', `Facet "${facetKey}" has no earlier active model to roll back to${current ? ` (the active one is ${current.version})` : ''}`).translated('noRollback', { facet: facetKey });
    }
    const target = getModel(db, previous);
    assertRunnable(target);
    // A roll-back is a quick undo; one that left the facet unable to classify (another pipeline's head) must be chosen knowingly.
    if (!headMatchesPipeline(db, target)) {
      const needs = pipelineOfBackbone(target.backbone)?.label ?? target.backbone;
      const pipeline = catalogueBackbone(db).label;
      throw new ApiError(
        'conflict',
        `The previous version ${target.version} of "${facetKey}" reads ${needs} features, but this catalogue uses the ${pipeline} pipeline, so it could not classify. Switch the pipeline back to ${needs} (that brings this version back), or activate another version. Nothing was changed.`,
      ).translated('rollbackOtherPipeline', { version: target.version, facet: facetKey, needs, pipeline });
    }
    activateModel(db, target.id);
    logActivation(db, 'model.rollback', target, { from: current.version }, by);
    return versionInfo(db, getModel(db, target.id));
  })();
}
