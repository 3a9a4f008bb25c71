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
  /** The signed-in user's account (team catalogues); null for a typed name. */
  userId?: number | null;
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
    `INSERT INTO audit_log (at, actor, user_id, action, entity, image_id, facet_id, from_status, from_label_id, to_status, to_label_id, model_id, batch_id, undo_of, details)
     VALUES (@at, @actor, @userId, @action, @entity, @imageId, @facetId, @fromStatus, @fromLabelId, @toStatus, @toLabelId, @modelId, @batchId, @undoOf, @details)`,
  );
  return (e) =>
    Number(
      stmt.run({
        at: e.at,
        actor: e.actor,
        userId: e.userId ?? null,
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

/**
 * Who signs a change: in a single-seat catalogue only the typed validator
 * name exists (userId null); in a team catalogue the signed-in user's id
 * comes with their name, and the id is what tells two people apart.
 */
export interface Actor {
  name: string;
  userId: number | null;
}

/** Who a catalogue-wide change (a model activated, a facet created) is recorded under: the validator name set, or "anonymous". */
export function auditActor(db: Database): string {
  return getSettings(db).validator ?? 'anonymous';
}

/** `by` (the signed-in user) when given, else the catalogue's validator name as auditActor gives it. */
export function changedBy(db: Database, by?: Actor): Actor {
  return by ?? { name: auditActor(db), userId: null };
}

/** An audit entry's signature fields for an actor. */
export function auditSigner(a: Actor): Pick<AuditEntry, 'actor' | 'userId'> {
  return { actor: a.name, userId: a.userId };
}

/** `by` (the signed-in user) when given, else the catalogue's validator name, which must be set (requireValidator). */
export function decidedBy(db: Database, by?: Actor): Actor {
  return by ?? { name: requireValidator(db), userId: null };
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
