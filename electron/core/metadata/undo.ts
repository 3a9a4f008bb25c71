import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { MetadataUndoResult } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import { auditWriter, newBatchId } from '../catalogue/audit.js';
import { undoBatch } from '../review/undo.js';
import { hintSource, type StoredField } from './write.js';

interface Entry {
  id: number;
  entity: 'record' | 'hint';
  image_id: number;
  facet_id: number | null;
  from_label_id: number | null;
  to_label_id: number | null;
  details: string;
}

/**
 * Take one metadata import back as a whole: each field and hint it wrote
 * returns to what it was before, and its reviewed labels go through the
 * decision undo. What someone changed since (a later import, a person) is
 * kept and reported, as the decision undo does. Audited like the import:
 * one new batch, each entry pointing at the one it undoes.
 */
export function undoMetadataImport(db: Database, importId: number): z.infer<typeof MetadataUndoResult> {
  const run = db.transaction(() => {
    const imp = db.prepare('SELECT batch_id AS batchId, actor, decisions, undone_at AS undoneAt FROM metadata_imports WHERE id = ?').get(importId) as
      | { batchId: string; actor: string; decisions: string; undoneAt: string | null }
      | undefined;
    if (!imp) throw new ApiError('not_found', `No metadata import #${importId}`).translated('metadataImportNotFound', { id: importId });
    if (imp.undoneAt) throw new ApiError('conflict', `Metadata import #${importId} was already undone on ${imp.undoneAt}`).translated('metadataImportUndone', { id: importId });
    const entries = db
      .prepare("SELECT id, entity, image_id, facet_id, from_label_id, to_label_id, details FROM audit_log WHERE batch_id = ? AND entity IN ('record', 'hint') ORDER BY id DESC")
      .all(imp.batchId) as Entry[];
    const at = new Date().toISOString();
    const batchId = newBatchId();
    const audit = auditWriter(db);
    const skipped: z.infer<typeof MetadataUndoResult>['skipped'] = [];
    let restored = 0;

    const field = db.prepare('SELECT value, import_id AS importId FROM record_metadata WHERE image_id = ? AND field = ?');
    const putField = db.prepare(
      `INSERT INTO record_metadata (image_id, field, value, date_iso, import_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (image_id, field) DO UPDATE SET value = excluded.value, date_iso = excluded.date_iso, import_id = excluded.import_id`,
    );
    const dropField = db.prepare('DELETE FROM record_metadata WHERE image_id = ? AND field = ?');
    const hint = db.prepare('SELECT label_id AS labelId, source FROM hints WHERE image_id = ? AND facet_id = ?');
    const putHint = db.prepare('UPDATE hints SET label_id = ?, source = ? WHERE image_id = ? AND facet_id = ?');
    const dropHint = db.prepare('DELETE FROM hints WHERE image_id = ? AND facet_id = ?');

    for (const e of entries) {
      const d = JSON.parse(e.details) as { field: string; from: StoredField | null; to: StoredField; fromSource: string | null };
      if (e.entity === 'record') {
        const now = field.get(e.image_id, d.field) as { value: string; importId: number } | undefined;
        if (!now || now.value !== d.to.value || now.importId !== importId) {
          skipped.push({ imageId: e.image_id, field: d.field, reason: 'changed after this import; the later value is kept' });
          continue;
        }
        if (d.from) putField.run(e.image_id, d.field, d.from.value, d.from.dateIso, d.from.importId);
        else dropField.run(e.image_id, d.field);
      } else {
        const now = hint.get(e.image_id, e.facet_id) as { labelId: number; source: string } | undefined;
        if (!now || now.labelId !== e.to_label_id || now.source !== hintSource(importId)) {
          skipped.push({ imageId: e.image_id, field: 'hint', reason: 'changed after this import; the later hint is kept' });
          continue;
        }
        if (e.from_label_id !== null) putHint.run(e.from_label_id, d.fromSource, e.image_id, e.facet_id);
        else dropHint.run(e.image_id, e.facet_id);
      }
      audit({
        at,
        actor: imp.actor,
        action: 'undo',
        entity: e.entity,
        imageId: e.image_id,
        facetId: e.facet_id,
        fromLabelId: e.to_label_id,
        toLabelId: e.from_label_id,
        batchId,
        undoOf: e.id,
        details: { import: importId },
      });
      restored++;
    }
    for (const decision of JSON.parse(imp.decisions) as string[]) {
      const r = undoBatch(db, decision, { validator: imp.actor });
      restored += r.changed;
      for (const s of r.skipped) skipped.push({ imageId: s.id, field: 'review', reason: s.reason });
    }
    db.prepare('UPDATE metadata_imports SET undone_at = ? WHERE id = ?').run(at, importId);
    return { importId, restored, skipped };
  });
  return run.immediate();
}
