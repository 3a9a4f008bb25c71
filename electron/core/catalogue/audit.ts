import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getSettings } from './settings.js';

// The audit log is a shared fact: decisions, notes, knowledge, the facet
// vocabulary and model activation all write it, so it lives beside the
// catalogue's other shared facts, which every feature may use.

/** One row of the append-only audit_log (migration 0001). */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  entity: string;
  imageId?: number | null;
  facetId?: number | null;
  fromStatus?: string | null;
  fromLabelId?: number | null;
  toStatus?: string | null;
  toLabelId?: number | null;
  modelId?: number | null;
  batchId?: string | null;
  undoOf?: number | null;
  details?: unknown;
}

export function newBatchId(): string {
  return crypto.randomUUID();
}

/** Prepared once per action; call inside the action's transaction. */
export function auditWriter(db: Database): (e: AuditEntry) => number {
  const stmt = db.prepare(
    `INSERT INTO audit_log (at, actor, action, entity, image_id, facet_id, from_status, from_label_id, to_status, to_label_id, model_id, batch_id, undo_of, details)
     VALUES (@at, @actor, @action, @entity, @imageId, @facetId, @fromStatus, @fromLabelId, @toStatus, @toLabelId, @modelId, @batchId, @undoOf, @details)`,
  );
  return (e) =>
    Number(
      stmt.run({
        at: e.at,
        actor: e.actor,
        action: e.action,
        entity: e.entity,
        imageId: e.imageId ?? null,
        facetId: e.facetId ?? null,
        fromStatus: e.fromStatus ?? null,
        fromLabelId: e.fromLabelId ?? null,
        toStatus: e.toStatus ?? null,
        toLabelId: e.toLabelId ?? null,
        modelId: e.modelId ?? null,
        batchId: e.batchId ?? null,
        undoOf: e.undoOf ?? null,
        details: e.details === undefined ? null : JSON.stringify(e.details),
      }).lastInsertRowid,
    );
}

/** Who a catalogue-wide change (a model activated, a facet created) is recorded under: the validator name set, or "anonymous". */
export function auditActor(db: Database): string {
  return getSettings(db).validator ?? 'anonymous';
}

/** The longest validator name accepted (as settings.set takes it). */
export const VALIDATOR_NAME_MAX = 100;

/**
 * Who a decision is signed by: the name a caller gives (the CLI's
 * --validator), else the catalogue's setting. Checked here rather than
 * trusted, so no caller can sign the audit trail with a blank name.
 */
export function signer(db: Database, as?: { validator: string }): string {
  if (!as) return requireValidator(db);
  const name = as.validator.trim();
  if (!name) throw new ApiError('invalid_input', 'A review decision needs the name of who made it; the validator name given is blank');
  if (name.length > VALIDATOR_NAME_MAX) throw new ApiError('invalid_input', `A validator name may be at most ${VALIDATOR_NAME_MAX} characters (this one has ${name.length})`);
  return name;
}

/** Every decision is signed: refuse to record one without a validator name. */
export function requireValidator(db: Database): string {
  const name = getSettings(db).validator;
  if (!name) throw new ApiError('invalid_input', 'Set your validator name first (settings.set {validator}); every decision is recorded with it').translated('validatorMissing');
  return name;
}
