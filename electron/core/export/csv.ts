import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Cell, Column } from './columns.js';

/**
 * CSV for spreadsheets and collection systems: RFC 4180 quoting and CRLF
 * record ends (csv-stringify), UTF-8 with a byte-order mark so Excel reads
 * Indonesian and Javanese text correctly.
 *
 * Formula injection: a text cell that starts with =, +, -, @, tab or carriage
 * return would run as a formula when the file is opened in a spreadsheet. Such
 * cells get one leading apostrophe ("'=1+1"), which spreadsheets show as text.
 * Cells that already start with apostrophes followed by one of those
 * characters get one more, so unneutralise() restores every original value
 * exactly. Plain numbers ("-6.2", "1e-3") are left alone: they cannot run, and
 * a coordinate must stay a number.
 */
const TRIGGER = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function neutralise(text: string): string {
  return TRIGGER.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The inverse of neutralise, for readers of an exported file. */
export function unneutralise(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return neutralise(value);
}

export const CSV_OPTIONS: Options = { bom: true, record_delimiter: 'windows', quoted_empty: false };

/** One CSV document as text (BOM included). */
export function csvText<R>(columns: Column<R>[], records: Iterable<R>, options: { bom?: boolean } = {}): string {
  const rows = [columns.map((c) => c.header)];
  for (const r of records) rows.push(columns.map((c) => cellText(c.value(r))));
  return stringifySync(rows, { ...CSV_OPTIONS, bom: options.bom ?? true });
}

/**
 * Stream records to a CSV file. `onRecord` runs before each record is written
 * (progress, cancellation: it may throw to abort).
 */
export async function writeCsvFile<R>(
  file: string,
  columns: Column<R>[],
  records: Iterable<R>,
  options: { bom?: boolean; onRecord?: () => void } = {},
): Promise<number> {
  let n = 0;
  function* rows() {
    yield columns.map((c) => c.header);
    for (const r of records) {
      options.onRecord?.();
      n++;
      yield columns.map((c) => cellText(c.value(r)));
    }
  }
  await pipeline(Readable.from(rows()), stringify({ ...CSV_OPTIONS, bom: options.bom ?? true }), fs.createWriteStream(file, { flags: 'wx' }));
  return n;
}
