import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { Facet, MatchBy } from '../../common/contract/index.js';
import { labelKey, listFacets } from '../catalogue/facets.js';

export const RECORD_FIELDS = ['identifier', 'title', 'description', 'date', 'place'] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

/** The field that leaves a recognised column out ("Keterangan=ignore"). */
export const IGNORE = 'ignore';

export type Target = { kind: 'record'; field: RecordField } | { kind: 'label'; facet: Facet };

/** A column heading as compared: lowercase letters and digits only ("Nama File" → "namafile", "dcterms:title" → "dctermstitle"). */
const norm = labelKey;

/**
 * Headings an archive's sheet commonly has for each field, in Indonesian,
 * English and as Dublin Core terms, so a sheet exported from Canting or from
 * Omeka/AtoM maps without --map.
 */
const SYNONYMS: Record<RecordField, string[]> = {
  identifier: ['identifier', 'id', 'dcidentifier', 'dctermsidentifier', 'nomor', 'nomorinventaris', 'noinventaris', 'inventaris', 'kode'],
  title: ['title', 'judul', 'dctitle', 'dctermstitle'],
  description: ['description', 'deskripsi', 'keterangan', 'dcdescription', 'dctermsdescription', 'scopeandcontent'],
  date: ['date', 'tanggal', 'tahun', 'dcdate', 'dctermsdate', 'dctermscreated', 'created'],
  place: ['place', 'tempat', 'lokasi', 'asal', 'daerah', 'coverage', 'dccoverage', 'dctermsspatial', 'spatial'],
};

/** Headings of the match key's own column, where --key-column does not name it. */
const KEY_SYNONYMS: Record<Exclude<MatchBy, 'identifier'>, string[]> = {
  'file-name': ['filename', 'file', 'namafile', 'berkas', 'namaberkas', 'source', 'sumber'],
  path: ['path', 'filepath', 'jalur', 'lokasiberkas', 'digitalobjectpath', 'media'],
  sha256: ['sha256', 'hash', 'checksum'],
};

function fieldTarget(db: Database, field: string): Target {
  if ((RECORD_FIELDS as readonly string[]).includes(field)) return { kind: 'record', field: field as RecordField };
  const facets = listFacets(db);
  const m = /^label:(.+)$/.exec(field);
  const facet = m && facets.find((f) => f.key === m[1]);
  if (!facet) {
    const fields = [...RECORD_FIELDS, ...facets.map((f) => `label:${f.key}`)].join(', ');
    throw new ApiError('invalid_input', `"${field}" is not a field Canting keeps; the fields are: ${fields}`).translated('sheetUnknownField', { field, fields });
  }
  return { kind: 'label', facet };
}

export const targetName = (t: Target) => (t.kind === 'record' ? t.field : `label:${t.facet.key}`);

/**
 * Which column fills which field: the headings Canting recognises (SYNONYMS,
 * a facet's key or names for its labels), then the caller's column=field
 * pairs on top. A pair naming a column the sheet lacks or a field Canting
 * does not keep refuses the import; so do two columns for one field.
 */
export function resolveMapping(db: Database, headers: string[], explicit: Record<string, string> = {}, keyColumn?: string): Map<string, Target> {
  const mapping = new Map<string, Target>();
  const facets = listFacets(db);
  for (const h of headers) {
    if (h === keyColumn) continue;
    const n = norm(h);
    const field = RECORD_FIELDS.find((f) => SYNONYMS[f].includes(n));
    if (field) mapping.set(h, { kind: 'record', field });
    const facet = facets.find((f) => [f.key, f.nameId, f.nameEn].some((x) => norm(x) === n));
    if (!field && facet) mapping.set(h, { kind: 'label', facet });
  }
  for (const [column, field] of Object.entries(explicit)) {
    if (!headers.includes(column) && field !== IGNORE) {
      throw new ApiError('invalid_input', `The spreadsheet has no column "${column}"; its columns are: ${headers.join(', ')}`).translated('sheetUnknownColumn', {
        column,
        columns: headers.join(', '),
      });
    }
    if (field === IGNORE) {
      mapping.delete(column);
      continue;
    }
    const target = fieldTarget(db, field);
    for (const [other, t] of mapping) if (other !== column && targetName(t) === targetName(target) && !(other in explicit)) mapping.delete(other);
    mapping.set(column, target);
  }
  const byField = new Map<string, string>();
  for (const [column, t] of mapping) {
    const name = targetName(t);
    const other = byField.get(name);
    if (other) {
      throw new ApiError('invalid_input', `Two columns fill the field ${name}: "${other}" and "${column}"; map one of them with --map`).translated('sheetFieldTwice', {
        field: name,
        a: other,
        b: column,
      });
    }
    byField.set(name, column);
  }
  // In the sheet's order, as a person reads the columns.
  return new Map([...mapping].sort(([a], [b]) => headers.indexOf(a) - headers.indexOf(b)));
}

/** The column holding the match key: the one named, else a recognised heading (for identifier: the column mapped to it). */
export function findKeyColumn(headers: string[], match: MatchBy, mapping: Map<string, Target>, named?: string): string {
  if (named) {
    if (!headers.includes(named)) {
      throw new ApiError('invalid_input', `The spreadsheet has no column "${named}"; its columns are: ${headers.join(', ')}`).translated('sheetUnknownColumn', {
        column: named,
        columns: headers.join(', '),
      });
    }
    return named;
  }
  const found =
    match === 'identifier'
      ? [...mapping].find(([, t]) => t.kind === 'record' && t.field === 'identifier')?.[0]
      : headers.find((h) => KEY_SYNONYMS[match].includes(norm(h)));
  if (!found) {
    throw new ApiError('invalid_input', `No column holds the ${match} to match photos by; name it with --key-column (the columns are: ${headers.join(', ')})`).translated(
      'sheetNoKeyColumn',
      { match, columns: headers.join(', ') },
    );
  }
  return found;
}
