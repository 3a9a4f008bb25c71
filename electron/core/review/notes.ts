import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getFacet } from '../catalogue/facets.js';
import { auditWriter, decidedBy, type Actor } from '../catalogue/audit.js';

/**
 * The validator's free-text note on an image for a facet. Stored on the
 * review row (creating an undecided one if needed) so free-text search finds
 * it; the change is audited with the old and new text. The note has its own
 * author and time (note_by, note_at): the decision's validator and decided_at
 * stay as they were. `by`: the signed-in user (else the catalogue's validator name).
 */
export function setNote(db: Database, imageId: number, facetKey: string, note: string, by?: Actor): { id: number; note: string | null; revision: number } {
  const author = decidedBy(db, by);
  const validator = author.name;
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
          `INSERT INTO reviews (image_id, facet_id, status, label_id, note, note_at, note_by, updated_at, revision)
           VALUES (@imageId, @facetId, 'predicted', NULL, @text, @at, @by, @at, 1)
           ON CONFLICT (image_id, facet_id) DO UPDATE SET note = excluded.note,
             note_at = CASE WHEN reviews.note IS excluded.note THEN reviews.note_at ELSE excluded.note_at END,
             note_by = CASE WHEN reviews.note IS excluded.note THEN reviews.note_by ELSE excluded.note_by END,
             updated_at = excluded.updated_at, revision = reviews.revision + 1
           RETURNING revision`,
        )
        .get({ imageId, facetId: facet.id, text, at, by: validator }) as { revision: number };
      if ((before ?? null) !== text) {
        auditWriter(db)({ at, actor: validator, userId: author.userId, action: 'note', entity: 'review', imageId, facetId: facet.id, details: { from: before ?? null, to: text } });
      }
      return { id: imageId, note: text, revision };
    })
    .immediate();
}
