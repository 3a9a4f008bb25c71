import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { ReviewStatus } from '../../common/contract/index.js';

/** An item's current state for one facet, as the decision code needs it. */
export interface CurrentState {
  imageId: number;
  status: ReviewStatus;
  labelId: number | null;
  /** Top-1 label of the current prediction. */
  predLabelId: number | null;
  predictionId: number | null;
  modelId: number | null;
  revision: number;
  validator: string | null;
}

/** The audit fields of one image's change from its current state to another: what every review audit entry records. */
export function reviewChange(facetId: number, s: CurrentState, to: { status: ReviewStatus; labelId: number | null }) {
  return {
    entity: 'review',
    imageId: s.imageId,
    facetId,
    fromStatus: s.status,
    fromLabelId: s.labelId,
    toStatus: to.status,
    toLabelId: to.labelId,
    modelId: s.modelId,
  } as const;
}

/** No human decision: the item follows its prediction (if any). */
export function undecided(status: string | null): boolean {
  return status === 'predicted' || status === 'unreviewed' || status === null;
}

/** Two states look the same to a validator (undecided states compare equal whatever the prediction). */
export function sameState(a: { status: string | null; labelId: number | null }, b: { status: string | null; labelId: number | null }): boolean {
  if (undecided(a.status) || undecided(b.status)) return undecided(a.status) && undecided(b.status);
  return a.status === b.status && a.labelId === b.labelId;
}

/** Current state of the given images, refusing unknown (or superseded) ids. */
export function loadStates(db: Database, facetId: number, ids: number[]): Map<number, CurrentState> {
  const rows = db
    .prepare(
      `SELECT g.image_id AS imageId, g.status, g.label_id AS labelId, p.label_id AS predLabelId, g.prediction_id AS predictionId,
              g.model_id AS modelId, g.revision, r.validator
       FROM review_grid g
       LEFT JOIN predictions p ON p.id = g.prediction_id
       LEFT JOIN reviews r ON r.image_id = g.image_id AND r.facet_id = g.facet_id
       WHERE g.facet_id = ? AND g.image_id IN (SELECT value FROM json_each(?))`,
    )
    .all(facetId, JSON.stringify(ids)) as CurrentState[];
  const states = new Map(rows.map((r) => [r.imageId, r]));
  const unknown = ids.filter((id) => !states.has(id));
  if (unknown.length) {
    throw new ApiError('not_found', `No reviewable image with id ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''}`);
  }
  return states;
}

/**
 * Write the decision row. Undecided targets are stored as status 'predicted'
 * with no label (the item follows its prediction again) instead of deleting
 * the row, so the revision counter keeps counting and the note survives.
 * The decision's own time (decided_at) is set here only: a note never moves it.
 */
export function reviewWriter(db: Database) {
  const stmt = db.prepare(
    `INSERT INTO reviews (image_id, facet_id, status, label_id, prediction_id, validator, validator_user_id, decided_at, updated_at, revision)
     VALUES (@imageId, @facetId, @status, @labelId, @predictionId, @validator, @userId, @at, @at, 1)
     ON CONFLICT (image_id, facet_id) DO UPDATE SET status = excluded.status, label_id = excluded.label_id,
       prediction_id = excluded.prediction_id, validator = excluded.validator, validator_user_id = excluded.validator_user_id, decided_at = excluded.decided_at,
       updated_at = excluded.updated_at, revision = reviews.revision + 1
     RETURNING revision`,
  );
  return (w: { imageId: number; facetId: number; status: ReviewStatus; labelId: number | null; predictionId: number | null; validator: string; userId?: number | null; at: string }): number => {
    const stored = undecided(w.status) ? { status: 'predicted', labelId: null } : { status: w.status, labelId: w.labelId };
    return (stmt.get({ ...w, userId: w.userId ?? null, ...stored }) as { revision: number }).revision;
  };
}
