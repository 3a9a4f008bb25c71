import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getFacet } from '../catalogue/facets.js';
import { auditWriter, requireValidator } from './audit.js';

/**
 * The validator's free-text note on an image for a facet. Stored on the
 * review row (creating an undecided one if needed) so free-text search finds
 * it; the change is audited with the old and new text.
 */
export function setNote(db: Database, imageId: number, facetKey: string, note: string): { id: number; note: string | null; revision: number } {
  const validator = requireValidator(db);
  const facet = getFacet(db, facetKey);
  const text = note.trim() || null;
  return db
    .transaction(() => {
      const exists = db.prepare('SELECT 1 FROM review_grid WHERE image_id = ? AND facet_id = ?').get(imageId, facet.id);
      if (!exists) throw new ApiError('not_found', `No reviewable image with id ${imageId}`);
      const before = db.prepare('SELECT note FROM reviews WHERE image_id = ? AND facet_id = ?').pluck().get(imageId, facet.id) as string | null | undefined;
      const at = new Date().toISOString();
      const { revision } = db
        .prepare(
          `INSERT INTO reviews (image_id, facet_id, status, label_id, note, updated_at, revision) VALUES (?, ?, 'predicted', NULL, ?, ?, 1)
           ON CONFLICT (image_id, facet_id) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at, revision = reviews.revision + 1
           RETURNING revision`,
        )
        .get(imageId, facet.id, text, at) as { revision: number };
      if ((before ?? null) !== text) {
        auditWriter(db)({ at, actor: validator, action: 'note', entity: 'review', imageId, facetId: facet.id, details: { from: before ?? null, to: text } });
      }
      return { id: imageId, note: text, revision };
    })
    .immediate();
}
