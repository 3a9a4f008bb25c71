import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { ReviewStatus, UndoResult } from '../../common/contract/index.js';
import { listFacets } from '../catalogue/facets.js';
import { actorOf, type SignAs } from './actor.js';
import { auditWriter, newBatchId } from '../catalogue/audit.js';
import { ITEM_STATES_LIMIT, itemStates } from './decide.js';
import { loadStates, reviewWriter, sameState, undecided } from './state.js';
import { voteWithdrawer } from './votes.js';

interface BatchEntry {
  id: number;
  image_id: number;
  facet_id: number;
  action: string;
  from_status: ReviewStatus;
  from_label_id: number | null;
  to_status: ReviewStatus;
  to_label_id: number | null;
  model_id: number | null;
  undo_of: number | null;
}

/**
 * Undo and redo of a decision batch (always named by the ORIGINAL batch id,
 * as the client's undo stack holds it). Both write new audit entries with
 * `undo_of` pointing at the original entry and a new batch id; nothing is
 * deleted. An item that someone changed after the batch is left alone and
 * reported as skipped: undo never overwrites a later decision. Under layered
 * validation the batch's votes are withdrawn with it (and restored by redo),
 * so the votes always say how the image came to its state.
 */
export function undoBatch(db: Database, batchId: string, as?: SignAs): UndoResult {
  return reverse(db, batchId, 'undo', as);
}

export function redoBatch(db: Database, batchId: string, as?: SignAs): UndoResult {
  return reverse(db, batchId, 'redo', as);
}

function reverse(db: Database, batchId: string, direction: 'undo' | 'redo', as?: SignAs): UndoResult {
  const actor = actorOf(db, as);
  const validator = actor.name;
  const run = db.transaction((): UndoResult => {
    const entries = db
      .prepare(
        `SELECT id, image_id, facet_id, action, from_status, from_label_id, to_status, to_label_id, model_id, undo_of
         FROM audit_log WHERE batch_id = ? AND entity = 'review' AND image_id IS NOT NULL ORDER BY id`,
      )
      .all(batchId) as BatchEntry[];
    if (!entries.length) throw new ApiError('not_found', `No decision batch "${batchId}"`);
    if (entries.some((e) => e.undo_of !== null)) {
      throw new ApiError('invalid_input', `Batch "${batchId}" is itself an ${entries[0].action}; undo or redo the original batch instead`);
    }
    if (entries.some((e) => e.action === 'note')) throw new ApiError('unsupported', 'Note edits are not undone through the decision undo');
    // Where the batch stands: the last undo/redo written against it.
    const last = db
      .prepare(
        `SELECT action FROM audit_log WHERE undo_of IN (SELECT id FROM audit_log WHERE batch_id = ?) ORDER BY id DESC LIMIT 1`,
      )
      .pluck()
      .get(batchId) as string | undefined;
    if (direction === 'undo' && last === 'undo') throw new ApiError('conflict', 'This decision is already undone');
    if (direction === 'redo' && last !== 'undo') throw new ApiError('conflict', 'This decision is not undone, so there is nothing to redo');

    const facetId = entries[0].facet_id;
    const states = loadStates(db, facetId, entries.map((e) => e.image_id));
    const at = new Date().toISOString();
    const newBatch = newBatchId();
    const write = reviewWriter(db);
    const audit = auditWriter(db);
    const withdraw = voteWithdrawer(db);
    const skipped: UndoResult['skipped'] = [];
    let changed = 0;
    for (const e of entries) {
      const s = states.get(e.image_id)!;
      const expected = direction === 'undo' ? { status: e.to_status, labelId: e.to_label_id } : { status: e.from_status, labelId: e.from_label_id };
      const restore = direction === 'undo' ? { status: e.from_status, labelId: e.from_label_id } : { status: e.to_status, labelId: e.to_label_id };
      if (!sameState(s, expected)) {
        skipped.push({ id: e.image_id, reason: `changed after this decision${s.validator ? ` by ${s.validator}` : ''}; the later decision is kept` });
        continue;
      }
      // An undecided state follows the current prediction, which may be newer than the batch.
      const to = undecided(restore.status)
        ? { status: (s.predictionId !== null ? 'predicted' : 'unreviewed') as ReviewStatus, labelId: s.predLabelId }
        : restore;
      const revision = write({ imageId: e.image_id, facetId, status: to.status, labelId: to.labelId, predictionId: s.predictionId, validator, userId: actor.userId, at });
      withdraw(batchId, e.image_id, direction === 'undo');
      audit({
        at,
        actor: validator,
        userId: actor.userId,
        action: direction,
        entity: 'review',
        imageId: e.image_id,
        facetId,
        fromStatus: s.status,
        fromLabelId: s.labelId,
        toStatus: to.status,
        toLabelId: to.labelId,
        modelId: e.model_id,
        batchId: newBatch,
        undoOf: e.id,
        details: { revision, batch: batchId },
      });
      changed++;
    }
    const facet = listFacets(db).find((f) => f.id === facetId)!;
    const ids = entries.map((e) => e.image_id);
    return { batchId: changed ? newBatch : null, changed, skipped, items: ids.length <= ITEM_STATES_LIMIT ? itemStates(db, facet, ids) : [] };
  });
  return run.immediate();
}
