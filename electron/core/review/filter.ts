import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { Facet, GridFilter, GridSort } from '../../common/contract/index.js';
import { resolveLabel } from '../catalogue/facets.js';
import { resolveFolder } from './folders.js';

/**
 * A filter turned into SQL over `review_grid g` (see migration 0002). Label
 * and status conditions are kept apart from the rest so counts can leave
 * each one out (faceted counts).
 */
export interface CompiledFilter {
  /** Conditions other than label and status, always starting with the facet. */
  base: string[];
  labelIds: number[] | null;
  statuses: string[] | null;
  params: Record<string, unknown>;
  /**
   * FROM clause. Free text of 3+ characters starts from the trigram index
   * (migration 0004); shorter text scans the narrow file-name index (which
   * also holds the note) instead of the table.
   */
  from: string;
  /**
   * FROM clause for the counts: the covering index of the most selective
   * condition, named explicitly because a catalogue without ANALYZE
   * statistics would otherwise often pick the label index and look up every
   * row in the table.
   */
  countFrom: string;
  /** The id filter, deduplicated in first-occurrence order (null: none). */
  ids: number[] | null;
}

/** LIKE pattern for a substring, with the wildcards in the text escaped. */
function containsPattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

/**
 * The forms of one character in any case, as one code point each ("ñ" → ñ, Ñ),
 * keeping only those that lower-case to the same as it: the trigram index
 * folds case that way, so it still finds whatever these match.
 */
function casesOf(ch: string): string[] {
  const lower = ch.toLowerCase();
  const forms = new Set([ch, lower, ch.toUpperCase(), lower.toUpperCase()]);
  return [...forms].filter((f) => [...f].length === 1 && f.toLowerCase() === lower);
}

/**
 * GLOB pattern for a substring in any case: each letter with case becomes
 * the set of its forms ("ñoño" → "*[ñÑ][oO][ñÑ][oO]*"); GLOB's own
 * characters are bracketed to stand for themselves.
 */
function anyCaseGlob(text: string): string {
  const parts = [...text].map((ch) => {
    const forms = casesOf(ch);
    if (forms.length > 1) return `[${forms.join('')}]`;
    return /[*?[]/.test(ch) ? `[${ch}]` : ch;
  });
  return `*${parts.join('')}*`;
}

/**
 * The text condition on file name and note: a substring in any case. LIKE
 * folds only ASCII letters ("ñoño" missed "Ñoño"), so a text with any other
 * character is matched by GLOB with a set of cases per letter: still
 * SQLite's own matching, no JavaScript function called for every row. An
 * ASCII text keeps LIKE, exactly as before.
 */
function textCondition(text: string): { sql: string; pattern: string } {
  if ([...text].every((ch) => ch.codePointAt(0)! < 0x80)) {
    return { sql: "(g.file_name LIKE @text ESCAPE '\\' OR g.note LIKE @text ESCAPE '\\')", pattern: containsPattern(text) };
  }
  return { sql: '(g.file_name GLOB @text OR g.note GLOB @text)', pattern: anyCaseGlob(text) };
}

/**
 * FTS5 query for a substring: one quoted phrase, which the trigram tokenizer
 * matches as consecutive trigrams, i.e. the text anywhere in the document.
 * Inside quotes only '"' is special (doubled); '%' and '_' are plain text.
 */
function trigramPhrase(text: string): string {
  return '"' + text.replace(/"/g, '""') + '"';
}

/** Trigrams need 3 characters (code points, not UTF-16 units); shorter texts cannot use the index. */
export function usesSearchIndex(text: string): boolean {
  return [...text].length >= 3;
}

/**
 * Above this many candidate images the scan is faster than the index: each
 * candidate costs a primary-key seek (measured at 100,000 images: "jpg",
 * every image, 250 ms through the index, 76 ms by the scan), while the scan
 * is bounded by the catalogue size. Counting up to the limit is a few ms.
 */
export const SEARCH_INDEX_MAX_CANDIDATES = 10_000;

function fewCandidates(db: Database, phrase: string, max: number): boolean {
  const n = db.prepare('SELECT count(*) FROM (SELECT 1 FROM review_search WHERE review_search MATCH ? LIMIT ?)').pluck().get(phrase, max + 1) as number;
  return n <= max;
}

/** "2019\\kawung/" → "2019/kawung"; empty means no folder filter. */
export function normaliseFolder(folder: string): string {
  return folder.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}

export function compileFilter(db: Database, facet: Facet, filter: GridFilter, opts: { maxIndexCandidates?: number } = {}): CompiledFilter {
  const base = ['g.facet_id = @facetId'];
  const params: Record<string, unknown> = { facetId: facet.id };

  const labelIds = filter.labels?.length ? [...new Set(filter.labels.map((l) => resolveLabel(facet, l).id))] : null;
  const statuses = filter.statuses?.length ? [...new Set(filter.statuses)] : null;

  const min = filter.minConfidence ?? null;
  const max = filter.maxConfidence ?? null;
  if (min !== null && max !== null && min > max) {
    throw new ApiError('invalid_input', `Confidence range is empty: minimum ${min} is above maximum ${max}`).translated('confidenceRange', { min: Math.round(min * 100), max: Math.round(max * 100) });
  }
  if (min !== null) {
    base.push('g.confidence >= @minConfidence');
    params.minConfidence = min;
  }
  if (max !== null) {
    base.push('g.confidence <= @maxConfidence');
    params.maxConfidence = max;
  }
  if (filter.rootId != null) {
    base.push('g.root_id = @rootId');
    params.rootId = filter.rootId;
  }
  const folder = filter.folder ? normaliseFolder(filter.folder) : '';
  if (folder) {
    // Typed case may differ from the folder's ("kotak 01"): the actual names
    // it means, then one range each. A range instead of LIKE so the (facet,
    // root, rel_path) index applies: everything under "a/b/" sorts between
    // "a/b/" and "a/b0" ('0' follows '/'). Nothing found: the condition
    // is a constant false, which SQLite checks once before any loop (a sort
    // index walk would otherwise read every row to find nothing).
    const names = resolveFolder(db, facet.id, filter.rootId ?? null, folder);
    base.push(names.length ? '(' + names.map((_, i) => `(g.rel_path >= @folderLo${i} AND g.rel_path < @folderHi${i})`).join(' OR ') + ')' : '0');
    names.forEach((name, i) => {
      params[`folderLo${i}`] = name + '/';
      params[`folderHi${i}`] = name + '0';
    });
    // Without a root the index's rel_path part is usable only with root_id
    // pinned: one range per root (a handful) instead of every row of the facet.
    if (filter.rootId == null) base.push('g.root_id IN (SELECT id FROM import_roots)');
  }
  if (filter.modelVersion) {
    const model = db.prepare('SELECT id FROM models WHERE facet_id = ? AND version = ?').get(facet.id, filter.modelVersion) as { id: number } | undefined;
    if (!model) throw new ApiError('not_found', `Facet "${facet.key}" has no model version "${filter.modelVersion}"`);
    base.push('g.model_id = @modelId');
    params.modelId = model.id;
  }
  if (filter.hasDuplicate != null) base.push(filter.hasDuplicate ? 'g.dup_group IS NOT NULL' : 'g.dup_group IS NULL');
  const text = filter.text?.trim();
  if (text) {
    // Always the exact condition, also on the index's candidates: the index
    // may over-select (see migration 0004), this condition decides.
    const condition = textCondition(text);
    base.push(condition.sql);
    params.text = condition.pattern;
  }
  // An id list (at most a few thousand) is the most selective condition
  // there is: drive the query from it, one primary-key seek per id, and keep
  // its position (o.key) for the "given" sort.
  const ids = filter.ids ? [...new Set(filter.ids)] : null;
  if (ids) {
    base.push('g.image_id = o.value');
    params.ids = JSON.stringify(ids);
    const from = 'json_each(@ids) o CROSS JOIN review_grid g';
    return { base, labelIds, statuses, params, from, countFrom: from, ids };
  }
  const phrase = text && usesSearchIndex(text) ? trigramPhrase(text) : null;
  if (phrase && fewCandidates(db, phrase, opts.maxIndexCandidates ?? SEARCH_INDEX_MAX_CANDIDATES)) {
    // Candidates from the trigram index, then one primary-key seek each.
    base.push('s.review_search MATCH @phrase', 'g.image_id = s.rowid');
    params.phrase = phrase;
    const from = 'review_search s CROSS JOIN review_grid g';
    return { base, labelIds, statuses, params, from, countFrom: from, ids };
  }
  const countIndex = text
    ? 'review_grid_file_name'
    : filter.rootId != null || folder
      ? 'review_grid_folder'
      : filter.modelVersion
        ? 'review_grid_model'
        : filter.hasDuplicate === true
          ? 'review_grid_dup'
          : min !== null || max !== null
            ? 'review_grid_confidence'
            : 'review_grid_status';
  return {
    base,
    labelIds,
    statuses,
    params,
    // A text known to match many images (phrase over the candidate limit):
    // walking the sort's own index finds a page of matches after a few rows,
    // while a scan would sort them all. Short texts of unknown selectivity
    // scan the narrow index.
    from: text && !phrase ? 'review_grid g INDEXED BY review_grid_file_name' : 'review_grid g',
    countFrom: `review_grid g INDEXED BY ${countIndex}`,
    ids,
  };
}

/** The WHERE clause with the chosen parts of the filter. */
export function whereSql(f: CompiledFilter, parts: { labels: boolean; statuses: boolean }): string {
  const conds = [...f.base];
  // Ids and statuses are validated values (ints, enum members), safe to inline.
  if (parts.labels && f.labelIds) conds.push(`g.label_id IN (${f.labelIds.join(', ')})`);
  if (parts.statuses && f.statuses) conds.push(`g.status IN (${f.statuses.map((s) => `'${s}'`).join(', ')})`);
  return conds.join(' AND ');
}

const SORT_COLUMN: Record<GridSort, string> = {
  uncertainty: 'g.uncertainty',
  confidence: 'g.confidence',
  fileName: 'g.file_name COLLATE NOCASE',
  importedAt: 'g.imported_at',
  // Position in the (deduplicated) id list: json_each's array index.
  given: 'o.key',
};

/** Least certain first, lowest confidence first, A..Z, newest import first, the list's order. */
const DEFAULT_DESC: Record<GridSort, boolean> = { uncertainty: true, confidence: false, fileName: false, importedAt: true, given: false };

/** ORDER BY matching an index of review_grid exactly (or the id list's order), ties broken by image id. */
export function orderSql(f: CompiledFilter, sort: GridSort, desc?: boolean | null): string {
  if (sort === 'given' && !f.ids) {
    throw new ApiError('invalid_input', 'Sort "given" keeps the order of filter.ids, so it needs an id list in the filter');
  }
  const dir = (desc ?? DEFAULT_DESC[sort]) ? 'DESC' : 'ASC';
  return `${SORT_COLUMN[sort]} ${dir}, g.image_id ${dir}`;
}
