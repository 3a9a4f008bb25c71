import { parse } from 'csv-parse/sync';
import { ApiError } from '../../common/errors.js';

export interface Sheet {
  headers: string[];
  /** Data rows; `line` is the row number a spreadsheet program shows (the header is row 1). */
  rows: { line: number; cells: Record<string, string> }[];
}

/**
 * The separator of the header line: Excel writes ";" where the decimal mark
 * is a comma (Indonesian and most European settings), "," elsewhere, and
 * some archives keep tab-separated files.
 */
function delimiterOf(text: string): string {
  const first = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, first.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** A decoded CSV as header names and rows of trimmed cells. */
export function readSheet(text: string): Sheet {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { delimiter: delimiterOf(text.replace(/^\uFEFF/, '')), relax_column_count: true, skip_empty_lines: true, bom: true });
  } catch (err) {
    throw new ApiError('invalid_input', `The spreadsheet cannot be read as CSV: ${(err as Error).message}`).translated('sheetNotCsv', { reason: (err as Error).message });
  }
  if (records.length === 0) throw new ApiError('invalid_input', 'The spreadsheet is empty').translated('sheetEmpty');
  const headers = records[0].map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of headers) {
    if (!h) continue;
    if (seen.has(h)) throw new ApiError('invalid_input', `The spreadsheet has two columns named "${h}"`).translated('sheetColumnTwice', { column: h });
    seen.add(h);
  }
  const rows = records.slice(1).map((r, i) => ({
    line: i + 2,
    cells: Object.fromEntries(headers.map((h, j) => [h, (r[j] ?? '').trim()]).filter(([h]) => h)),
  }));
  return { headers: headers.filter(Boolean), rows: rows.filter((r) => Object.values(r.cells).some(Boolean)) };
}
