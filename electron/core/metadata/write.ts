import type { Database } from 'better-sqlite3';
import { auditSigner, type Actor, type AuditEntry } from '../catalogue/audit.js';
import type { RecordField } from './mapping.js';

interface Batch {
  importId: number;
  batchId: string;
  at: string;
  actor: Actor;
  audit: (e: AuditEntry) => number;
}

/** A field's value as stored, kept in the audit entry so undo can put it back. */
export interface StoredField {
  value: string;
  dateIso: string | null;
  importId: number;
}

/** The audit action of a metadata import's writes (entity 'record' or 'hint'). */
export const IMPORT_ACTION = 'metadata.import';

/** Hints from a sheet are marked with their import, so undo knows which ones it wrote. */
export const hintSource = (importId: number) => `sheet:${importId}`;

/**
 * Write one field of one photo, with its audit entry (from → to). Returns
 * false when the photo already has exactly that value (nothing written, so
 * re-importing a sheet is a no-op and undo has nothing to take back).
 */
export function fieldWriter(db: Database, b: Batch): (imageId: number, f: { field: RecordField; value: string; dateIso: string | null }) => boolean {
  const current = db.prepare('SELECT value, date_iso AS dateIso, import_id AS importId FROM record_metadata WHERE image_id = ? AND field = ?');
  const upsert = db.prepare(
    `INSERT INTO record_metadata (image_id, field, value, date_iso, import_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (image_id, field) DO UPDATE SET value = excluded.value, date_iso = excluded.date_iso, import_id = excluded.import_id`,
  );
  return (imageId, f) => {
    const from = (current.get(imageId, f.field) as StoredField | undefined) ?? null;
    if (from && from.value === f.value) return false;
    upsert.run(imageId, f.field, f.value, f.dateIso, b.importId);
    b.audit({
      at: b.at,
      ...auditSigner(b.actor),
      action: IMPORT_ACTION,
      entity: 'record',
      imageId,
      batchId: b.batchId,
      details: { field: f.field, from, to: { value: f.value, dateIso: f.dateIso, importId: b.importId } },
    });
    return true;
  };
}

/** Put a label hint on a photo (replacing a folder's hint for that facet), audited. */
export function hintWriter(db: Database, b: Batch): (imageId: number, facetId: number, labelId: number) => boolean {
  const current = db.prepare('SELECT label_id AS labelId, source FROM hints WHERE image_id = ? AND facet_id = ?');
  const upsert = db.prepare(
    `INSERT INTO hints (image_id, facet_id, label_id, source) VALUES (?, ?, ?, ?)
     ON CONFLICT (image_id, facet_id) DO UPDATE SET label_id = excluded.label_id, source = excluded.source`,
  );
  return (imageId, facetId, labelId) => {
    const from = current.get(imageId, facetId) as { labelId: number; source: string } | undefined;
    if (from?.labelId === labelId) return false;
    upsert.run(imageId, facetId, labelId, hintSource(b.importId));
    b.audit({
      at: b.at,
      ...auditSigner(b.actor),
      action: IMPORT_ACTION,
      entity: 'hint',
      imageId,
      facetId,
      fromLabelId: from?.labelId ?? null,
      toLabelId: labelId,
      batchId: b.batchId,
      details: { fromSource: from?.source ?? null },
    });
    return true;
  };
}
