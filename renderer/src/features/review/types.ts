/**
 * The review screen's view of the catalogue. Wire shapes come from the
 * contract; `ReviewApi` is the seam components talk to (`reviewApi.ts` maps
 * it onto client calls), so component tests can drive the screen with a fake.
 */
import {
  REVIEW_STATUSES,
  type CantingEvent,
  type FirstModelStatus,
  type GridCounts,
  type GridItem,
  type GridSort,
  type KnowledgeEntry,
  type ReviewHistoryEntry,
  type ReviewStatus,
} from '../../../../electron/common/contract/index.js';

export type { CantingEvent, FirstModelStatus, GridCounts, GridItem, GridSort, KnowledgeEntry, ReviewStatus };
export type HistoryEntry = ReviewHistoryEntry;

export const STATUSES = REVIEW_STATUSES;
/** The sorts a validator picks from; `given` (the order of a list of ids) comes with a list, see GridList. */
export const SORTS: GridSort[] = ['uncertainty', 'confidence', 'fileName', 'importedAt'];

/** The filter as the screen keeps it: empty arrays / null / '' mean "no filter". */
export interface GridFilter {
  labels: string[];
  statuses: ReviewStatus[];
  minConfidence: number | null;
  maxConfidence: number | null;
  rootId: number | null;
  folder: string;
  modelVersion: string | null;
  hasDuplicate: boolean | null;
  text: string;
  /** Only these images (a list opened in the grid, see GridList); null: no id filter. */
  ids: number[] | null;
}

export const EMPTY_FILTER: GridFilter = {
  labels: [],
  statuses: [],
  minConfidence: null,
  maxConfidence: null,
  rootId: null,
  folder: '',
  modelVersion: null,
  hasDuplicate: null,
  text: '',
  ids: null,
};

/**
 * A list of images shown in the grid in its own order (sort `given`): the
 * "suggested next" images of active learning, or the items two model
 * versions disagree on. `detail` fills the banner's text.
 */
export interface GridList {
  kind: 'suggested' | 'disagreements';
  facet: string;
  ids: number[];
  detail?: Record<string, string | number>;
}

/** learn.suggest as the review screen uses it. */
export interface Suggestions {
  mode: 'diverse' | 'informative';
  ids: number[];
  /** Images with embeddings and no human decision yet in this facet. */
  unlabelled: number;
}

export interface GridPage {
  total: number;
  items: GridItem[];
  counts: GridCounts | null;
}

export type Decision = { action: 'label'; label: string } | { action: 'validate' } | { action: 'reject' };

/** How a decision treats items a person already decided (corrected, validated, rejected). */
export interface DecideOptions {
  /** Replace those decisions too (default: leave them as they are). */
  overwriteDecided?: boolean;
  /** Only count what would happen; nothing is written. */
  dryRun?: boolean;
}

export interface DecideOutcome {
  /** null when nothing changed (everything was already in that state). */
  batchId: string | null;
  /** Changed (with dryRun: would change). */
  changed: number;
  /** Left alone because a person had already decided them (overwriteDecided not set). */
  skippedDecided: number;
  /** Items someone else had changed since this screen loaded them (their decision was replaced; both are audited). */
  overwritten: { id: number; by: string | null }[];
  /** The items' states as stored (layered validation: awaiting or disputed, not what a single decision would give). */
  items?: { id: number; status: ReviewStatus; label: string | null }[];
}

export interface UndoOutcome {
  batchId: string | null;
  changed: number;
  /** Items left alone because they were changed again after the batch. */
  skipped: number;
}

/** One image as the large view shows it, for one facet. */
export interface ImageView {
  id: number;
  fileName: string;
  relPath: string;
  rootPath: string;
  width: number;
  height: number;
  format: string;
  sizeBytes: number;
  capturedAt: string | null;
  camera: string | null;
  description: string | null;
  copyright: string | null;
  importedAt: string;
  missing: boolean;
  status: ReviewStatus;
  label: string | null;
  note: string | null;
  validator: string | null;
  modelVersion: string | null;
  confidence: number | null;
  topk: { label: string; name: string | null; p: number }[];
  hint: string | null;
  duplicates: { id: number; fileName: string; hasThumbnail: boolean }[];
  /** Label history for this facet, oldest first. */
  history: HistoryEntry[];
}

/** A knowledge edit: the fields the card edits. */
export interface KnowledgeEdit {
  key: string;
  name: string;
  altNames: string[];
  regionId: string | null;
  regionEn: string | null;
  themeId: string | null;
  themeEn: string | null;
  meaningId: string | null;
  meaningEn: string | null;
  sources: { title: string; url: string | null; note: string | null }[];
  caveatsId: string | null;
  caveatsEn: string | null;
}

export interface ModelOption {
  version: string;
  images: number;
}

export interface FolderOption {
  /** Inside its import root ("Kotak 01/Desa Kauman"). */
  path: string;
  /** Images in it and below. */
  images: number;
}

export interface RootOption {
  id: number;
  path: string;
  images: number;
}

/** Everything the review screen needs from the catalogue. */
export interface ReviewApi {
  query(facet: string, filter: GridFilter, sort: GridSort, offset: number, limit: number, withCounts: boolean): Promise<GridPage>;
  /** Every id matching the filter, in grid order, for "select all in filter" and shift-click ranges. */
  ids(facet: string, filter: GridFilter, sort: GridSort): Promise<number[]>;
  /** `seen`: image id → revision this screen showed, to report concurrent overwrites. */
  decide(facet: string, ids: number[], decision: Decision, seen?: Record<string, number>, options?: DecideOptions): Promise<DecideOutcome>;
  undo(batchId: string): Promise<UndoOutcome>;
  redo(batchId: string): Promise<UndoOutcome>;
  thumbnail(id: number): Promise<Blob>;
  full(id: number): Promise<Blob>;
  image(id: number, facet: string): Promise<ImageView>;
  setNote(id: number, facet: string, note: string): Promise<void>;
  knowledge(key: string): Promise<KnowledgeEntry | null>;
  editKnowledge(edit: KnowledgeEdit): Promise<KnowledgeEntry>;
  roots(): Promise<RootOption[]>;
  /** The facet's folders (every level), of one import root or all, for the folder filter's suggestions. */
  folders(facet: string, rootId: number | null): Promise<FolderOption[]>;
  /** Counts per status and label of a whole facet (no filter). */
  facetCounts(facet: string): Promise<GridCounts>;
  /** The facet's model versions with the images each would match in the model filter. */
  modelVersions(facet: string): Promise<ModelOption[]>;
  /** What to label next in this facet (active learning), most useful first. */
  suggest(facet: string, limit: number): Promise<Suggestions>;
  /** How far a facet without a model is from the first one the app trains by itself. */
  firstModel(facet: string): Promise<FirstModelStatus>;
  /** Compute the features of images that have none (classify.features), as a job. */
  computeFeatures(): Promise<{ jobId: string; total: number }>;
  /** Start a new facet's first model now (learn.startFirstModel). */
  startFirstModel(facet: string): Promise<FirstModelStatus>;
  /** Pushed events (job progress, catalogue changes); returns the unsubscribe. */
  onEvent(listener: (event: CantingEvent) => void): () => void;
}
