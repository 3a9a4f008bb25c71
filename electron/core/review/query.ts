import type { Database } from 'better-sqlite3';
import { REVIEW_STATUSES, type GridCounts, type GridFilter, type GridItem, type GridPage, type GridSort, type ReviewStatus } from '../../common/contract/index.js';
import { getFacet } from '../catalogue/facets.js';
import { compileFilter, orderSql, whereSql } from './filter.js';


export interface GridRequest {
  facet: string;
  filter: GridFilter;
  sort: GridSort;
  desc?: boolean | null;
  offset: number;
  limit: number;
  counts: boolean;
}

interface ItemRow {
  image_id: number;
  file_name: string;
  status: ReviewStatus;
  label_key: string | null;
  label_name: string | null;
  confidence: number | null;
  uncertainty: number | null;
  version: string | null;
  dup_group: number | null;
  hint_key: string | null;
  hint_label_id: number | null;
  label_id: number | null;
  missing: number;
  revision: number;
  has_thumb: number;
  topk: string | null;
}

/**
 * The visible window only: the filtered, sorted ids come from one
 * index-driven query on review_grid; labels, model versions and thumbnail
 * availability are joined for those few rows afterwards.
 */
export function queryGrid(db: Database, req: GridRequest): GridPage {
  const facet = getFacet(db, req.facet);
  const f = compileFilter(db, facet, req.filter);
  const where = whereSql(f, { labels: true, statuses: true });
  const ids = db
    .prepare(`SELECT g.image_id FROM ${f.from} WHERE ${where} ORDER BY ${orderSql(f, req.sort, req.desc)} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...f.params, limit: req.limit, offset: req.offset }) as number[];
  const counts = req.counts ? countsFor(db, facet.labels, f) : null;
  const total = counts ? counts.total : (db.prepare(`SELECT count(*) FROM ${f.countFrom} WHERE ${where}`).pluck().get(f.params) as number);
  return { total, offset: req.offset, items: itemsByIds(db, facet.id, ids), counts };
}

/** Grid items for known ids, in the order given. */
export function itemsByIds(db: Database, facetId: number, ids: number[]): GridItem[] {
  if (!ids.length) return [];
  const rows = db
    .prepare(
      `SELECT g.image_id, g.file_name, g.status, g.label_id, l.key AS label_key, l.name AS label_name, g.confidence, g.uncertainty,
              m.version, g.dup_group, g.hint_label_id, h.key AS hint_key, g.missing, g.revision, p.topk,
              EXISTS (SELECT 1 FROM thumbnails t WHERE t.image_id = g.image_id) AS has_thumb
       FROM review_grid g
       LEFT JOIN predictions p ON p.id = g.prediction_id
       LEFT JOIN labels l ON l.id = g.label_id
       LEFT JOIN labels h ON h.id = g.hint_label_id
       LEFT JOIN models m ON m.id = g.model_id
       WHERE g.facet_id = ? AND g.image_id IN (SELECT value FROM json_each(?))`,
    )
    .all(facetId, JSON.stringify(ids)) as ItemRow[];
  const byId = new Map(rows.map((r) => [r.image_id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toItem(r)] : [];
  });
}

/**
 * The model's probability for the label the cell shows: the top prediction's
 * confidence while the item follows it, else that label's entry in the
 * prediction's top-k (null when the label is not among them, or none shown).
 */
function labelConfidence(r: ItemRow): number | null {
  if (r.label_key === null || r.confidence === null) return null;
  if (r.status === 'predicted') return r.confidence;
  const topk = r.topk ? (JSON.parse(r.topk) as { label: string; p: number }[]) : [];
  const own = topk.find((t) => String(t.label) === r.label_key);
  return own ? Number(own.p) : null;
}

function toItem(r: ItemRow): GridItem {
  return {
    id: r.image_id,
    fileName: r.file_name,
    hasThumbnail: r.has_thumb === 1,
    status: r.status,
    label: r.label_key,
    labelName: r.label_name,
    confidence: r.confidence,
    labelConfidence: labelConfidence(r),
    uncertainty: r.uncertainty,
    modelVersion: r.version,
    dupGroup: r.dup_group,
    hint: r.hint_key,
    hintConflict: r.hint_label_id !== null && r.label_id !== null && r.hint_label_id !== r.label_id,
    missing: r.missing === 1,
    error: r.missing === 1 ? 'missing_file' : null,
    revision: r.revision,
  };
}

/**
 * One GROUP BY (status, label) over the filter without its label and status
 * parts, folded three ways: per label (status filter applied), per status
 * (label filter applied) and the total (both applied).
 */
function countsFor(db: Database, labels: { id: number; key: string }[], f: ReturnType<typeof compileFilter>): GridCounts {
  const groups = db
    .prepare(`SELECT g.status, g.label_id, count(*) AS n FROM ${f.countFrom} WHERE ${whereSql(f, { labels: false, statuses: false })} GROUP BY g.status, g.label_id`)
    .all(f.params) as { status: ReviewStatus; label_id: number | null; n: number }[];
  const keyOf = new Map(labels.map((l) => [l.id, l.key]));
  const statusOk = (s: string) => !f.statuses || f.statuses.includes(s);
  const labelOk = (id: number | null) => !f.labelIds || (id !== null && f.labelIds.includes(id));
  const byLabel: Record<string, number> = Object.fromEntries(labels.map((l) => [l.key, 0]));
  const byStatus = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as Record<ReviewStatus, number>;
  let noLabel = 0;
  let total = 0;
  for (const g of groups) {
    if (statusOk(g.status)) {
      if (g.label_id === null) noLabel += g.n;
      else {
        // A label deactivated since still counts under its key.
        const key = keyOf.get(g.label_id) ?? labelKeyById(db, g.label_id);
        byLabel[key] = (byLabel[key] ?? 0) + g.n;
      }
    }
    if (labelOk(g.label_id)) byStatus[g.status] += g.n;
    if (statusOk(g.status) && labelOk(g.label_id)) total += g.n;
  }
  return { total, byLabel, noLabel, byStatus };
}

function labelKeyById(db: Database, id: number): string {
  return (db.prepare('SELECT key FROM labels WHERE id = ?').pluck().get(id) as string | undefined) ?? `#${id}`;
}

export function gridCounts(db: Database, facetKey: string, filter: GridFilter): GridCounts {
  const facet = getFacet(db, facetKey);
  return countsFor(db, facet.labels, compileFilter(db, facet, filter));
}

/**
 * How many of the grid's rows show this model's prediction: what the classify
 * screen says is classified is what the grid shows as classified.
 */
export function countPredictedInGrid(db: Database, facetId: number, modelId: number): number {
  return db.prepare('SELECT count(*) FROM review_grid WHERE facet_id = ? AND model_id = ?').pluck().get(facetId, modelId) as number;
}

/** Every id in the filter in grid order: "select all in filter". */
export function gridIds(db: Database, facetKey: string, filter: GridFilter, sort: GridSort, desc?: boolean | null): { ids: number[]; total: number } {
  const facet = getFacet(db, facetKey);
  const f = compileFilter(db, facet, filter);
  const ids = db
    .prepare(`SELECT g.image_id FROM ${f.from} WHERE ${whereSql(f, { labels: true, statuses: true })} ORDER BY ${orderSql(f, sort, desc)}`)
    .pluck()
    .all(f.params) as number[];
  return { ids, total: ids.length };
}
