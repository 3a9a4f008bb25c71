import type { Database } from 'better-sqlite3';
import type { Facet, MatchBy } from '../../common/contract/index.js';
import { resolveLabel } from '../catalogue/facets.js';
import { ApiError } from '../../common/errors.js';
import { isoDate } from './dates.js';
import { findKeyColumn, resolveMapping, targetName, type RecordField, type Target } from './mapping.js';
import { photoMatcher } from './match.js';
import type { Sheet } from './sheet.js';

export interface RowValues {
  line: number;
  imageId: number;
  fields: { field: RecordField; value: string; dateIso: string | null }[];
  labels: { facet: Facet; labelId: number; labelKey: string }[];
}

export interface ImportPlan {
  mapping: Map<string, Target>;
  keyColumn: string;
  matched: RowValues[];
  unmatched: { line: number; key: string }[];
  ambiguous: { line: number; key: string; imageIds: number[] }[];
  /** Rows that refuse the whole file (also in a dry run, where they are listed instead). */
  problems: { line: number; message: string; key?: string; params?: Record<string, string | number> }[];
}

/**
 * What a sheet would do, row by row, without writing: which photo each row
 * describes and with what. Every reason to refuse is collected with its row
 * number, so a dry run shows them all at once rather than the first.
 */
export function planImport(db: Database, sheet: Sheet, opts: { match: MatchBy; map?: Record<string, string>; keyColumn?: string }): ImportPlan {
  // The identifier match key is the identifier column itself, so it is mapped first.
  const mapping = resolveMapping(db, sheet.headers, opts.map, opts.match === 'identifier' ? undefined : opts.keyColumn);
  const keyColumn = findKeyColumn(sheet.headers, opts.match, mapping, opts.keyColumn);
  if (opts.match !== 'identifier') mapping.delete(keyColumn);
  if (mapping.size === 0) {
    throw new ApiError('invalid_input', `No column of the spreadsheet maps to a field; name them with --map column=field (the columns are: ${sheet.headers.join(', ')})`).translated(
      'sheetNothingMapped',
      { columns: sheet.headers.join(', ') },
    );
  }
  const find = photoMatcher(db, opts.match);
  const identifierOwner = db.prepare("SELECT image_id FROM record_metadata WHERE field = 'identifier' AND value = ?").pluck();
  const plan: ImportPlan = { mapping, keyColumn, matched: [], unmatched: [], ambiguous: [], problems: [] };
  const identifierRows = new Map<string, number>();
  const photoRows = new Map<number, number>();

  for (const row of sheet.rows) {
    const key = row.cells[keyColumn] ?? '';
    if (!key) {
      plan.problems.push({ line: row.line, message: `no ${opts.match} in column "${keyColumn}"`, key: 'noKey', params: { match: opts.match, column: keyColumn } });
      continue;
    }
    const values: RowValues = { line: row.line, imageId: 0, fields: [], labels: [] };
    for (const [column, target] of mapping) {
      const cell = row.cells[column];
      if (!cell) continue;
      if (target.kind === 'record') {
        values.fields.push({ field: target.field, value: cell, dateIso: target.field === 'date' ? isoDate(cell) : null });
        continue;
      }
      try {
        const label = resolveLabel(target.facet, cell);
        values.labels.push({ facet: target.facet, labelId: label.id, labelKey: label.key });
      } catch (err) {
        plan.problems.push({ line: row.line, message: (err as Error).message });
      }
    }
    const identifier = values.fields.find((f) => f.field === 'identifier')?.value;
    if (identifier !== undefined) {
      const first = identifierRows.get(identifier);
      if (first !== undefined) plan.problems.push({ line: row.line, message: `identifier "${identifier}" is also on row ${first}`, key: 'duplicateIdentifier', params: { identifier, row: first } });
      else identifierRows.set(identifier, row.line);
    }
    const ids = find(key);
    if (ids.length === 0) {
      plan.unmatched.push({ line: row.line, key });
      continue;
    }
    if (ids.length > 1) {
      plan.ambiguous.push({ line: row.line, key, imageIds: ids });
      continue;
    }
    values.imageId = ids[0];
    const other = photoRows.get(ids[0]);
    if (other !== undefined) plan.problems.push({ line: row.line, message: `describes the same photo (#${ids[0]}) as row ${other}`, key: 'samePhoto', params: { id: ids[0], row: other } });
    else photoRows.set(ids[0], row.line);
    const owner = identifier === undefined ? undefined : (identifierOwner.get(identifier) as number | undefined);
    if (owner !== undefined && owner !== ids[0]) plan.problems.push({ line: row.line, message: `identifier "${identifier}" already names photo #${owner}`, key: 'identifierTaken', params: { identifier: identifier!, id: owner } });
    plan.matched.push(values);
  }
  return plan;
}

export const mappingList = (plan: ImportPlan) => [...plan.mapping].map(([column, t]) => ({ column, field: targetName(t) }));
