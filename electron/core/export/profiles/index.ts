import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Facet } from '../../../common/contract/index.js';
import { catalogueColumns, mimeType, type Cell, type Column } from '../columns.js';
import { archiveDate, archiveReader, isoRange } from '../archive.js';
import type { ImageRecord } from '../records.js';
import { ATOM_ISAD_COLUMNS, ATOM_SEPARATOR, type AtomColumn } from './atom.js';
import { OMEKA_COLUMNS, OMEKA_SEPARATOR } from './omeka-s.js';
import { joinPlain, knowledgeRegions, unique, placeValues, subjectValues, type SubjectLanguage } from './values.js';

/**
 * CSV profiles: the same records laid out for one collection system.
 * `dublin-core` is the catalogue CSV (columns.ts); `omeka-s` and `atom`
 * follow those systems' import templates (omeka-s.ts, atom.ts).
 */
export const CSV_PROFILES = ['dublin-core', 'omeka-s', 'atom'] as const;
export type CsvProfile = (typeof CSV_PROFILES)[number];

export interface ProfileOptions {
  profile?: CsvProfile | null;
  /** Language of facet names in subjects and of knowledge-card regions (default Indonesian). */
  subjectLanguage?: SubjectLanguage | null;
  /** AtoM: one parent description per import folder, the photos under it. */
  parentPerRoot?: boolean | null;
}

/** A profile's columns and how records become its rows. */
export interface ProfileTable<R> {
  columns: Column<R>[];
  /** `ids`: the exported images (all of them, before the records stream), for rows that come before the photos. */
  rows: (records: Iterable<ImageRecord>, ids: readonly number[]) => Iterable<R>;
}

function* same<R>(records: Iterable<R>): Generator<R> {
  yield* records;
}

function omekaTable(db: Database, facets: readonly Facet[], language: SubjectLanguage): ProfileTable<ImageRecord> {
  const regions = knowledgeRegions(db);
  const archive = archiveReader(db);
  const join = (values: (string | null | undefined)[]) => joinPlain(unique(values), OMEKA_SEPARATOR);
  const values: Record<(typeof OMEKA_COLUMNS)[number], (r: ImageRecord) => Cell> = {
    // The catalogue's id first (what re-imports and the other exports match on), then the archive's own identifier as a second value.
    'dcterms:identifier': (r) => join([String(r.id), archive(r.id).identifier]),
    'dcterms:title': (r) => archive(r.id).title ?? r.fileName,
    'dcterms:subject': (r) => joinPlain(subjectValues(r, facets, language), OMEKA_SEPARATOR),
    // The archive's description first, the file's own as another value.
    'dcterms:description': (r) => join([archive(r.id).description, r.description]),
    'dcterms:spatial': (r) => join([archive(r.id).place, ...placeValues(r, facets, regions, language)]),
    'dcterms:created': (r) => archiveDate(archive(r.id)) ?? r.capturedAt,
    'dcterms:format': (r) => mimeType(r.format),
    'dcterms:extent': (r) => `${r.width} × ${r.height} px`,
    'dcterms:source': (r) => r.relPath,
    'dcterms:rights': (r) => r.copyright,
    // DCMI Type vocabulary: a photograph is a StillImage.
    'dcterms:type': () => 'StillImage',
    // For FileSideload: the path below the import folder (its directory is set to that folder).
    file: (r) => r.relPath,
  };
  return { columns: OMEKA_COLUMNS.map((header) => ({ header, value: values[header] })), rows: same };
}

type AtomRow = { kind: 'folder'; legacyId: string; path: string } | { kind: 'image'; record: ImageRecord; parentId: string | null };

function atomTable(db: Database, facets: readonly Facet[], language: SubjectLanguage, parentPerRoot: boolean): ProfileTable<AtomRow> {
  const regions = knowledgeRegions(db);
  const archive = archiveReader(db);
  const culture = language === 'en' ? 'en' : 'id';
  const join = (values: (string | null | undefined)[]) => joinPlain(unique(values), ATOM_SEPARATOR);
  // The archive's date before the date the photo was taken: eventDates is AtoM's display text (the date as the
  // archive gave it), start and end its normalised dates (from the ISO form only; a date that reads several ways gets none).
  const day = (r: ImageRecord) => r.capturedAt?.slice(0, 10) ?? null;
  const shown = (r: ImageRecord) => {
    const a = archive(r.id);
    return a.date ?? a.dateIso ?? day(r);
  };
  const range = (r: ImageRecord, end: boolean) => {
    const a = archive(r.id);
    if (a.date || a.dateIso) return a.dateIso ? isoRange(a.dateIso)[end ? 1 : 0] : null;
    return day(r);
  };
  const image: Partial<Record<AtomColumn, (r: ImageRecord) => Cell>> = {
    legacyId: (r) => r.id,
    identifier: (r) => archive(r.id).identifier ?? r.id,
    title: (r) => archive(r.id).title ?? r.fileName,
    eventTypes: (r) => (shown(r) ? 'Creation' : null),
    eventDates: shown,
    eventStartDates: (r) => range(r, false),
    eventEndDates: (r) => range(r, true),
    levelOfDescription: () => 'Item',
    extentAndMedium: (r) => `1 ${culture === 'id' ? 'foto' : 'photograph'} (${mimeType(r.format)}, ${r.width} × ${r.height} px)`,
    // The archive's description first, the file's own after it (one free-text field: a blank line between).
    scopeAndContent: (r) => unique([archive(r.id).description, r.description]).join('\n\n') || null,
    reproductionConditions: (r) => r.copyright,
    subjectAccessPoints: (r) => join(subjectValues(r, facets, language)),
    placeAccessPoints: (r) => join([archive(r.id).place, ...placeValues(r, facets, regions, language)]),
    alternativeIdentifiers: (r) => r.sha256,
    alternativeIdentifierLabels: () => 'SHA-256',
    // AtoM's command-line import reads the file from this path on the machine it runs on.
    digitalObjectPath: (r) => path.join(r.rootPath, ...r.relPath.split('/')),
    digitalObjectChecksum: (r) => r.sha256,
    culture: () => culture,
  };
  const folder: Partial<Record<AtomColumn, (f: Extract<AtomRow, { kind: 'folder' }>) => Cell>> = {
    legacyId: (f) => f.legacyId,
    identifier: (f) => path.basename(f.path),
    title: (f) => path.basename(f.path),
    levelOfDescription: () => 'Collection',
    culture: () => culture,
  };
  const columns: Column<AtomRow>[] = ATOM_ISAD_COLUMNS.map((header) => ({
    header,
    value: (row: AtomRow) => {
      if (row.kind === 'folder') return folder[header]?.(row) ?? null;
      if (header === 'parentId') return row.parentId;
      return image[header]?.(row.record) ?? null;
    },
  }));
  function* rows(records: Iterable<ImageRecord>, ids: readonly number[]): Generator<AtomRow> {
    const folders = new Map<string, string>();
    if (parentPerRoot) {
      // AtoM links a child to a parent row it has already imported: every folder row comes first.
      const paths = db
        .prepare('SELECT DISTINCT ro.path FROM images i JOIN import_roots ro ON ro.id = i.root_id WHERE i.id IN (SELECT value FROM json_each(?)) ORDER BY ro.path')
        .pluck()
        .all(JSON.stringify(ids)) as string[];
      for (const p of paths) {
        const legacyId = `folder-${folders.size + 1}`;
        folders.set(p, legacyId);
        yield { kind: 'folder', legacyId, path: p };
      }
    }
    for (const record of records) yield { kind: 'image', record, parentId: folders.get(record.rootPath) ?? null };
  }
  return { columns, rows };
}

/** The table for a profile (default `dublin-core`, the catalogue CSV). */
export function profileTable(db: Database, facets: readonly Facet[], options: ProfileOptions = {}): ProfileTable<unknown> {
  const language = options.subjectLanguage ?? 'id';
  switch (options.profile ?? 'dublin-core') {
    case 'omeka-s':
      return omekaTable(db, facets, language) as ProfileTable<unknown>;
    case 'atom':
      return atomTable(db, facets, language, options.parentPerRoot ?? false) as ProfileTable<unknown>;
    default:
      return { columns: catalogueColumns(facets) as Column<unknown>[], rows: same } as ProfileTable<unknown>;
  }
}
