import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { REVIEW_STATUSES, type Facet, type GridFilter, type ReviewStatus } from '../../common/contract/index.js';
import { getFacet, listFacets, resolveLabel } from '../catalogue/facets.js';
import { gridIds } from '../review/query.js';
import type { CaptureFields } from '../catalogue/capture.js';

/**
 * Catalogue records as every export sees them.
 *
 * The effective status per facet, the label shown and the current prediction
 * are read from `review_grid`, the one place that computes them (its
 * triggers, migrations 0002 and 0008): exports show exactly what the review
 * grid shows, and a change to that rule (a new status, another notion of the
 * current prediction) reaches the exports without a second copy here. The
 * decision's details (validator, time, note) come from `reviews`.
 */

/** Labels that passed the facet's required validations (one person's, or two agreeing people's). */
export const PASSED_STATUSES: readonly ReviewStatus[] = ['corrected', 'validated'];

export interface FacetState {
  status: ReviewStatus;
  /** Top-1 label key of the current prediction. */
  predictedLabel: string | null;
  predictedLabelName: string | null;
  confidence: number | null;
  uncertainty: number | null;
  modelVersion: string | null;
  predictionId: number | null;
  /** The human decision's label (corrected/validated only). */
  finalLabel: string | null;
  finalLabelName: string | null;
  /** Who decided and when (corrected/validated/rejected only): the decision's, never a later note's. */
  validator: string | null;
  decidedAt: string | null;
  note: string | null;
  /** Who wrote the note and when (absent for notes written before schema version 7 without an audit entry). */
  noteBy: string | null;
  noteAt: string | null;
}

export interface ImageRecord extends CaptureFields {
  id: number;
  sha256: string;
  rootPath: string;
  /** Path inside its import root, forward slashes. */
  relPath: string;
  fileName: string;
  sizeBytes: number;
  width: number;
  height: number;
  format: string;
  metadata: Record<string, unknown> | null;
  importedAt: string;
  /** Near-duplicate group, only when the group has another member. */
  dupGroup: number | null;
  missing: boolean;
  facets: Record<string, FacetState>;
}

/** Which records to export: the review grid's facet, status and label filters. */
export interface RecordFilter {
  facet?: string | null;
  statuses?: readonly string[] | null;
  labels?: readonly string[] | null;
  /** Only labels that passed the required validations (PASSED_STATUSES). */
  passedOnly?: boolean | null;
  /** The review grid's whole filter for `facet`: "export what I am looking at". */
  grid?: GridFilter | null;
}

export interface ResolvedFilter {
  /** The facets whose columns are exported: the filter's facet, or all. */
  facets: Facet[];
  /** The facet the status/label conditions apply to. */
  facet: Facet | null;
  statuses: ReviewStatus[] | null;
  labelIds: number[] | null;
  /** Images the review grid's filter selects, when one was given. */
  gridIds: Set<number> | null;
}

/** Check a filter against the catalogue: unknown facet, status or label → a clear error. */
export function resolveFilter(db: Database, filter: RecordFilter): ResolvedFilter {
  const facet = filter.facet ? getFacet(db, filter.facet) : null;
  const asked = filter.statuses?.length ? [...new Set(filter.statuses)] : null;
  const statuses = filter.passedOnly ? (asked ?? PASSED_STATUSES).filter((s) => (PASSED_STATUSES as readonly string[]).includes(s)) : asked;
  const labels = filter.labels?.length ? filter.labels : null;
  if ((statuses || labels || filter.grid) && !facet) {
    throw new ApiError('invalid_input', 'A status, label, passed-labels or grid filter needs a facet (they are per facet), e.g. --facet motif');
  }
  if (statuses && !statuses.length) {
    throw new ApiError('invalid_input', `Only labels that passed validation (${PASSED_STATUSES.join(', ')}) can be exported with passedOnly, and none of those statuses was asked for`);
  }
  for (const s of statuses ?? []) {
    if (!(REVIEW_STATUSES as readonly string[]).includes(s)) {
      throw new ApiError('invalid_input', `Unknown status "${s}". Known statuses: ${REVIEW_STATUSES.join(', ')}`);
    }
  }
  return {
    facets: facet ? [facet] : listFacets(db),
    facet,
    statuses: statuses as ReviewStatus[] | null,
    labelIds: facet && labels ? [...new Set(labels.map((l) => resolveLabel(facet, l).id))] : null,
    // The grid's own query decides, so the export holds exactly the images the validator sees.
    gridIds: facet && filter.grid ? new Set(gridIds(db, facet.key, filter.grid, 'fileName').ids) : null,
  };
}

interface Row {
  [column: string]: unknown;
}

function facetSql(i: number): { select: string; joins: string; status: string; shown: string } {
  const g = `g${i}`;
  const p = `p${i}`;
  const r = `r${i}`;
  // An image without a grid row for the facet (none today: triggers add one per facet) counts as unreviewed.
  const status = `coalesce(${g}.status, 'unreviewed')`;
  const shown = `${g}.label_id`;
  const decided = `${status} IN ('corrected', 'validated', 'rejected', 'awaiting', 'disputed')`;
  const labelled = `${status} IN ('corrected', 'validated')`;
  const select = [
    `${status} AS f${i}_status`,
    `pl${i}.key AS f${i}_pred_key`,
    `pl${i}.name AS f${i}_pred_name`,
    `${p}.confidence AS f${i}_confidence`,
    `${p}.uncertainty AS f${i}_uncertainty`,
    `m${i}.version AS f${i}_model`,
    `${p}.id AS f${i}_prediction_id`,
    `CASE WHEN ${labelled} THEN gl${i}.key END AS f${i}_final_key`,
    `CASE WHEN ${labelled} THEN gl${i}.name END AS f${i}_final_name`,
    `CASE WHEN ${decided} THEN ${r}.validator END AS f${i}_validator`,
    // decided_at is written with every decision (migration 0007 backfilled it); updated_at only for rows written outside the app.
    `CASE WHEN ${decided} THEN coalesce(${r}.decided_at, ${r}.updated_at) END AS f${i}_decided_at`,
    `${r}.note AS f${i}_note`,
    `CASE WHEN ${r}.note IS NOT NULL THEN ${r}.note_by END AS f${i}_note_by`,
    `CASE WHEN ${r}.note IS NOT NULL THEN ${r}.note_at END AS f${i}_note_at`,
  ].join(', ');
  const joins = `
    LEFT JOIN review_grid ${g} ON ${g}.image_id = i.id AND ${g}.facet_id = @facet${i}
    LEFT JOIN predictions ${p} ON ${p}.id = ${g}.prediction_id
    LEFT JOIN labels pl${i} ON pl${i}.id = ${p}.label_id
    LEFT JOIN models m${i} ON m${i}.id = ${p}.model_id
    LEFT JOIN labels gl${i} ON gl${i}.id = ${g}.label_id
    LEFT JOIN reviews ${r} ON ${r}.image_id = i.id AND ${r}.facet_id = @facet${i}`;
  return { select, joins, status, shown };
}

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || !text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toRecord(row: Row, facets: Facet[]): ImageRecord {
  const keywords = parseJson<unknown>(row.keywords, []);
  const metadata = parseJson<unknown>(row.metadata, null);
  const record: ImageRecord = {
    id: row.id as number,
    sha256: row.sha256 as string,
    rootPath: row.root_path as string,
    relPath: (row.rel_path as string).replace(/\\/g, '/'),
    fileName: row.file_name as string,
    sizeBytes: row.size_bytes as number,
    width: row.width as number,
    height: row.height as number,
    format: row.format as string,
    capturedAt: (row.captured_at as string | null) ?? null,
    camera: (row.camera as string | null) ?? null,
    gpsLat: (row.gps_lat as number | null) ?? null,
    gpsLon: (row.gps_lon as number | null) ?? null,
    description: (row.description as string | null) ?? null,
    keywords: Array.isArray(keywords) ? keywords.map(String) : [],
    copyright: (row.copyright as string | null) ?? null,
    metadata: metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : null,
    importedAt: row.imported_at as string,
    dupGroup: (row.dup_group_shared as number | null) ?? null,
    missing: row.missing === 1,
    facets: {},
  };
  facets.forEach((f, i) => {
    const v = (k: string) => (row[`f${i}_${k}`] ?? null) as never;
    record.facets[f.key] = {
      status: v('status'),
      predictedLabel: v('pred_key'),
      predictedLabelName: v('pred_name'),
      confidence: v('confidence'),
      uncertainty: v('uncertainty'),
      modelVersion: v('model'),
      predictionId: v('prediction_id'),
      finalLabel: v('final_key'),
      finalLabelName: v('final_name'),
      validator: v('validator'),
      decidedAt: v('decided_at'),
      note: v('note'),
      noteBy: v('note_by'),
      noteAt: v('note_at'),
    };
  });
  return record;
}

/** How many records a filter selects (for job progress). */
export function countRecords(db: Database, filter: ResolvedFilter): number {
  return selectIds(db, filter).length;
}

/** Ids of the non-superseded images matching the filter, in id order. */
export function selectIds(db: Database, filter: ResolvedFilter): number[] {
  const { sql, params } = buildQuery(filter, 'ids');
  const ids = db.prepare(sql).pluck().all(params) as number[];
  return filter.gridIds ? ids.filter((id) => filter.gridIds!.has(id)) : ids;
}

const CHUNK = 500;

/**
 * Every non-superseded image matching the filter, in image id order. Rows are
 * read in chunks with .all(), never with a long-lived .iterate(): an open
 * iterator would keep the connection busy and make every other call fail
 * while an export runs.
 */
export function* iterateRecords(db: Database, filter: ResolvedFilter, ids: number[] = selectIds(db, filter)): Generator<ImageRecord> {
  const { sql, params } = buildQuery(filter, 'rows');
  const stmt = db.prepare(sql);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = stmt.all({ ...params, ids: JSON.stringify(ids.slice(i, i + CHUNK)) }) as Row[];
    for (const row of rows) yield toRecord(row, filter.facets);
  }
}

function buildQuery(filter: ResolvedFilter, mode: 'ids' | 'rows'): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const parts = filter.facets.map((f, i) => {
    params[`facet${i}`] = f.id;
    return facetSql(i);
  });
  const where = ['i.superseded_by IS NULL'];
  if (mode === 'rows') {
    where.push('i.id IN (SELECT value FROM json_each(@ids))');
  } else {
    const fi = filter.facet ? filter.facets.findIndex((f) => f.id === filter.facet!.id) : -1;
    if (fi >= 0 && filter.statuses) {
      // Statuses are checked enum members, safe to inline.
      where.push(`(${parts[fi].status}) IN (${filter.statuses.map((s) => `'${s}'`).join(', ')})`);
    }
    if (fi >= 0 && filter.labelIds) where.push(`(${parts[fi].shown}) IN (${filter.labelIds.join(', ')})`);
  }
  const select =
    mode === 'ids'
      ? 'i.id'
      : [
          'i.*',
          'ro.path AS root_path',
          'CASE WHEN i.dup_group IS NOT NULL AND EXISTS (SELECT 1 FROM images d WHERE d.dup_group = i.dup_group AND d.id <> i.id AND d.superseded_by IS NULL) THEN i.dup_group END AS dup_group_shared',
          ...parts.map((p) => p.select),
        ].join(', ');
  const sql = `SELECT ${select} FROM images i JOIN import_roots ro ON ro.id = i.root_id ${parts.map((p) => p.joins).join(' ')}
    WHERE ${where.join(' AND ')} ORDER BY i.id`;
  return { sql, params };
}
