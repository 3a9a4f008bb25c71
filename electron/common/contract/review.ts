import { z } from 'zod';
import { call } from './define.js';
import { FacetKey, Id, IsoTime, Text } from './shared.js';

/**
 * The review area: the grid query, decisions with undo/redo, notes and
 * history. Images are in images.ts, the motif knowledge base in knowledge.ts.
 *
 * Status of an item for a facet (effective, computed by the catalogue):
 * - `unreviewed`: no prediction of the active model version and no human decision yet;
 * - `predicted`: the active version's top-1 label, no human decision;
 * - `corrected`: a validator set a label different from the prediction;
 * - `validated`: a validator confirmed the label (setting the predicted label counts as validating it);
 * - `rejected`: a validator marked the image unusable / not batik (no label);
 * - `awaiting`: (a facet requiring two validations) one person decided, a second validation is awaited;
 *   the label shown is the first decision's, or in blind mode what the image showed before it;
 * - `disputed`: (two validations) two people decided differently; no label until an expert resolves it.
 * The "current prediction" of an item is the facet's active model version's
 * prediction (none where that version has not classified it); other versions'
 * predictions are kept, and show again when their version is made active.
 */
/**
 * The effective review statuses: the ONE list. Core (grid counts, exports),
 * the CLI and the renderer (filters, counts) all take it from here, so a new
 * status is added in this enum (and the review_grid CHECK) and nowhere else.
 */
export const ReviewStatus = z.enum(['unreviewed', 'predicted', 'corrected', 'validated', 'rejected', 'awaiting', 'disputed']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;
/** Every status, in the order screens list them. */
export const REVIEW_STATUSES: readonly ReviewStatus[] = ReviewStatus.options;

/**
 * Grid filter. Every field is optional and `null` means "no filter", so the
 * renderer can send its filter state as is. All filters combine with AND;
 * within `labels` and `statuses` the values combine with OR.
 */
export const GridFilter = z
  .object({
    /** Label keys (or display names) of the facet; refused if not in the facet's vocabulary. */
    labels: z.array(z.string().min(1).max(100)).max(100).nullish(),
    statuses: z.array(ReviewStatus).max(REVIEW_STATUSES.length).nullish(),
    /** Confidence range of the current prediction, inclusive, 0..1. Items without a prediction never match a range. */
    minConfidence: z.number().min(0).max(1).nullish(),
    maxConfidence: z.number().min(0).max(1).nullish(),
    /** Import root id (see import.roots). */
    rootId: Id.nullish(),
    /** Folder prefix inside the import root(s), e.g. "2019/kawung" (forward slashes; matches that folder and below). */
    folder: z.string().max(1000).nullish(),
    /** Version of the model that made the current prediction (see review.modelVersions). */
    modelVersion: z.string().min(1).max(200).nullish(),
    /** true: only images with a near-duplicate; false: only images without. */
    hasDuplicate: z.boolean().nullish(),
    /** Case-insensitive substring over file name and the review note of this facet. */
    text: z.string().max(200).nullish(),
    /**
     * Only these images, e.g. a "suggested next" list from learn.suggest or the
     * items two models disagree on from registry.compare. Combine with sort
     * `given` to keep this order. `[]` matches nothing (an empty list shows an
     * empty grid); null/absent means no id filter. Ids that are unknown or
     * superseded are simply absent from the result; duplicates count once.
     */
    ids: z.array(Id).max(5000).nullish(),
  })
  .strict();
export type GridFilter = z.infer<typeof GridFilter>;

/**
 * Sort keys. Default directions: uncertainty → least certain first;
 * confidence → lowest first; fileName → A..Z; importedAt → newest first;
 * given → the order of `filter.ids` (first occurrence wins; only valid with
 * `filter.ids`, else invalid_input; `desc: true` reverses it).
 * `desc` flips from ascending/descending explicitly. Ties break by image id.
 * Items without a prediction have no uncertainty/confidence and sort as
 * SQLite orders NULL (last in descending, first in ascending order).
 */
export const GridSort = z.enum(['uncertainty', 'confidence', 'fileName', 'importedAt', 'given']);
export type GridSort = z.infer<typeof GridSort>;

export const GridItem = z.object({
  id: z.number().int(),
  fileName: z.string(),
  /** A cached thumbnail exists (image.thumbnail will answer). */
  hasThumbnail: z.boolean(),
  status: ReviewStatus,
  /** Label key currently shown for the facet (decision, else prediction); null when none or rejected. */
  label: z.string().nullable(),
  labelName: z.string().nullable(),
  /** Confidence (top-1 probability) / uncertainty (normalised entropy) of the current prediction. */
  confidence: z.number().nullable(),
  /**
   * The current prediction's probability for the label shown (for a corrected
   * item: the corrected label's, not the top prediction's); null when the
   * label is outside the stored top-k, or no label is shown.
   */
  labelConfidence: z.number().nullable(),
  uncertainty: z.number().nullable(),
  modelVersion: z.string().nullable(),
  /** Near-duplicate group id (smallest image id of the group) when the image has a near-duplicate. */
  dupGroup: z.number().int().nullable(),
  /** Folder-name hint label key, if any. */
  hint: z.string().nullable(),
  /** The hint names a different label than the one shown. */
  hintConflict: z.boolean(),
  /** The original file was not found at its place (relink needed). */
  missing: z.boolean(),
  /** A short machine-readable problem marker (`missing_file`), or null. */
  error: z.string().nullable(),
  /** Review revision for this facet (0 = never decided). Send it back in review.decide `seen` to detect concurrent edits. */
  revision: z.number().int(),
});
export type GridItem = z.infer<typeof GridItem>;

/**
 * Counts for the current filter, faceted-search style: `byLabel` applies every
 * filter except the label filter, `byStatus` every filter except the status
 * filter (so the chips show what choosing them would give); `total` applies
 * all. `byLabel` uses label keys; `none` counts items with no label shown.
 */
export const GridCounts = z.object({
  total: z.number().int(),
  byLabel: z.record(z.string(), z.number().int()),
  noLabel: z.number().int(),
  byStatus: z.record(ReviewStatus, z.number().int()),
});
export type GridCounts = z.infer<typeof GridCounts>;

export const GridQuery = z
  .object({
    facet: FacetKey,
    filter: GridFilter.default({}),
    sort: GridSort.default('uncertainty'),
    desc: z.boolean().nullish(),
    /** Offset paging over the filtered, sorted result. */
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200),
    /** Also compute counts (default true); pass false when only fetching another page. */
    counts: z.boolean().default(true),
  })
  .strict();

export const GridPage = z.object({
  /** Number of items matching the whole filter. */
  total: z.number().int(),
  offset: z.number().int(),
  items: z.array(GridItem),
  counts: GridCounts.nullable(),
});
export type GridPage = z.infer<typeof GridPage>;

export const DecisionAction = z.enum(['label', 'validate', 'reject', 'reset']);
export type DecisionAction = z.infer<typeof DecisionAction>;

export const ReviewItemState = z.object({
  id: z.number().int(),
  status: ReviewStatus,
  label: z.string().nullable(),
  revision: z.number().int(),
});

export const ReviewOverwrite = z.object({
  id: z.number().int(),
  /** The revision the caller had seen, and the one it actually replaced. */
  seenRevision: z.number().int(),
  revision: z.number().int(),
  /** Who made the replaced decision. */
  by: z.string().nullable(),
});

export const DecisionResult = z.object({
  /** The batch to pass to review.undo; null when nothing changed. */
  batchId: z.string().nullable(),
  /** Items changed (with dryRun: that would change). */
  changed: z.number().int(),
  /** Items already in the requested state (no audit entry written). */
  unchanged: z.number().int(),
  /** Items a person had already decided, left alone because overwriteDecided was not set (the action would have changed them). */
  skippedDecided: z.number().int(),
  /** Concurrent edits that this decision replaced (last write wins; both are in the audit log). */
  overwritten: z.array(ReviewOverwrite),
  /** New state of the decided items (only when at most 1000 ids were given). */
  items: z.array(ReviewItemState),
});
export type DecisionResult = z.infer<typeof DecisionResult>;

export const UndoResult = z.object({
  /** The new batch written by this undo/redo. null when nothing changed. */
  batchId: z.string().nullable(),
  changed: z.number().int(),
  /** Items left alone because someone changed them after the batch (their later decision is kept). */
  skipped: z.array(z.object({ id: z.number().int(), reason: z.string() })),
  items: z.array(ReviewItemState),
});
export type UndoResult = z.infer<typeof UndoResult>;

export const ReviewHistoryEntry = z.object({
  id: z.number().int(),
  at: IsoTime,
  actor: z.string(),
  /** label | validate | reject | reset | undo | redo | note | knowledge.edit */
  action: z.string(),
  imageId: z.number().int().nullable(),
  facet: z.string().nullable(),
  fromStatus: z.string().nullable(),
  fromLabel: z.string().nullable(),
  toStatus: z.string().nullable(),
  toLabel: z.string().nullable(),
  modelVersion: z.string().nullable(),
  batchId: z.string().nullable(),
  /** The audit entry this one reverses (undo) or re-applies (redo). */
  undoOf: z.number().int().nullable(),
  details: z.unknown().nullable(),
});
export type ReviewHistoryEntry = z.infer<typeof ReviewHistoryEntry>;

export const ReviewTopK = z.array(z.object({ label: z.string(), name: z.string().nullable(), p: z.number() }));

export const ReviewFacetState = z.object({
  facet: z.string(),
  status: ReviewStatus,
  label: z.string().nullable(),
  labelName: z.string().nullable(),
  /** Who made the current decision, and when (a note never moves these). */
  validator: z.string().nullable(),
  decidedAt: IsoTime.nullable(),
  note: z.string().nullable(),
  /** Who last wrote the note, and when. */
  noteBy: z.string().nullable(),
  noteAt: IsoTime.nullable(),
  /** The review row's last change, decision or note. */
  updatedAt: IsoTime.nullable(),
  revision: z.number().int(),
  modelVersion: z.string().nullable(),
  confidence: z.number().nullable(),
  uncertainty: z.number().nullable(),
  topk: ReviewTopK,
  hint: z.string().nullable(),
});

/**
 * Who a decision is recorded under, where the caller names them (the CLI's
 * --validator); absent: the catalogue's validator name. The core checks it
 * (blank, too long), as it checks the setting.
 */
const ValidatorName = z.string().max(1000);

export const reviewCalls = {
  'review.query': call(
    GridQuery,
    GridPage,
    'One window of the filtered, sorted review grid for a facet, with counts per label and status',
  ),
  'review.counts': call(
    z.object({ facet: FacetKey, filter: GridFilter.default({}) }).strict(),
    GridCounts,
    'Counts per label and per status for a filter',
  ),
  'review.ids': call(
    z.object({ facet: FacetKey, filter: GridFilter.default({}), sort: GridSort.default('uncertainty'), desc: z.boolean().nullish() }).strict(),
    z.object({ ids: z.array(z.number().int()), total: z.number().int() }),
    'Every image id matching a filter, in grid order (select all in filter)',
  ),
  'review.decide': call(
    z
      .object({
        facet: FacetKey,
        ids: z.array(Id).min(1).max(200_000),
        action: DecisionAction,
        /** Required for action "label": a label key or display name of the facet. */
        label: z.string().min(1).max(100).optional(),
        /** Revisions the caller saw (image id → GridItem.revision) to report concurrent overwrites. */
        seen: z.record(z.string().regex(/^\d+$/), z.number().int().min(0)).optional(),
        /**
         * Also change items already corrected, validated or rejected. Default
         * false: those are left as they are and counted in skippedDecided
         * (reset always applies).
         */
        overwriteDecided: z.boolean().default(false),
        /** Only count what the action would do (changed, skippedDecided); nothing is written. */
        dryRun: z.boolean().default(false),
        validator: ValidatorName.optional(),
      })
      .strict(),
    DecisionResult,
    'Set a label, validate, reject or reset one or many images in one transaction and one undo step; decisions a person already made are kept unless overwriteDecided',
  ),
  'review.undo': call(
    z.object({ batchId: z.string().min(1).max(100), validator: ValidatorName.optional() }).strict(),
    UndoResult,
    'Undo a decision batch by writing new audit entries (nothing is deleted)',
  ),
  'review.redo': call(
    z.object({ batchId: z.string().min(1).max(100) }).strict(),
    UndoResult,
    'Redo an undone decision batch (pass the original batch id)',
  ),
  'review.history': call(
    z.object({ id: Id, facet: FacetKey.optional() }).strict(),
    z.array(ReviewHistoryEntry),
    'Full label history of an image (one facet or all), oldest first',
  ),
  'review.setNote': call(
    z.object({ id: Id, facet: FacetKey, note: Text }).strict(),
    z.object({ id: z.number().int(), note: z.string().nullable(), revision: z.number().int() }),
    'Set the review note of an image for a facet (empty clears it); audited',
  ),
  'review.folders': call(
    z.object({ facet: FacetKey, rootId: Id.nullish() }).strict(),
    z.array(
      z.object({
        /** Inside its import root, forward slashes ("Kotak 01/Desa Kauman"); every level is listed ("Kotak 01" too). */
        path: z.string(),
        /** Images in it and its subfolders (all roots together unless rootId is given). */
        images: z.number().int(),
      }),
    ),
    'Folders holding the facet\'s images, for the folder filter\'s suggestions (one pass over the folder index)',
  ),
  'review.locateFolder': call(
    z.object({ path: z.string().min(1).max(4096) }).strict(),
    z.object({ rootId: z.number().int(), folder: z.string() }).nullable(),
    'The import folder an absolute folder path lies in (the innermost where they nest) and the path below it in the folder filter\'s form; null outside every import folder',
  ),
  'review.modelVersions': call(
    z.object({ facet: FacetKey }).strict(),
    z.array(
      z.object({
        version: z.string(),
        active: z.boolean(),
        source: z.string(),
        createdAt: IsoTime,
        /** Images whose current prediction this version made: what the model filter would match (0 for a version that has predicted nothing here, or whose predictions newer runs replaced). */
        images: z.number().int(),
      }),
    ),
    'Model versions of a facet for the model filter, newest first, each with the images it would match',
  ),
};
