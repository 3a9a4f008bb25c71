import type { Database } from 'better-sqlite3';

/**
 * The archive's own description of a photo (canting metadata import, table
 * record_metadata, migration 0011): the values as the spreadsheet gave them,
 * and the date's ISO form when it reads one way only.
 */
export interface ArchiveFields {
  identifier?: string;
  title?: string;
  description?: string;
  date?: string;
  dateIso?: string;
  place?: string;
}

/** A reader of one photo's archive fields, prepared once per export. */
export function archiveReader(db: Database): (imageId: number) => ArchiveFields {
  const stmt = db.prepare('SELECT field, value, date_iso AS dateIso FROM record_metadata WHERE image_id = ? ORDER BY field');
  return (imageId) =>
    Object.fromEntries(
      (stmt.all(imageId) as { field: string; value: string; dateIso: string | null }[]).flatMap((f) => [[f.field, f.value], ...(f.dateIso ? [['dateIso', f.dateIso]] : [])]),
    ) as ArchiveFields;
}

/** The archive's date for a collection system: the ISO form when known, else the text as given. */
export const archiveDate = (a: ArchiveFields): string | null => a.dateIso ?? a.date ?? null;

/** First and last day of an ISO date that may be partial (YYYY, YYYY-MM or YYYY-MM-DD), for systems that want whole days. */
export function isoRange(iso: string): [string, string] {
  const [y, m] = iso.split('-');
  if (iso.length === 4) return [`${y}-01-01`, `${y}-12-31`];
  if (iso.length === 7) {
    const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return [`${iso}-01`, `${iso}-${String(last).padStart(2, '0')}`];
  }
  return [iso, iso];
}
