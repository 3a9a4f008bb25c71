import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { CatalogueExportResult } from '../../common/contract/index.js';
import { csvText, writeCsvFile } from './csv.js';
import { jsonImageBuilder, JSON_FORMAT, JSON_FORMAT_VERSION, writeJsonFile, type JsonHeader, type JsonImage } from './json.js';
import { iterateRecords, resolveFilter, selectIds, type RecordFilter, type ResolvedFilter } from './records.js';
import { checkOutput, writeAtomically } from './target.js';
import { profileTable, type ProfileOptions } from './profiles/index.js';

/** Catalogue exports (CSV, JSON): checks first, then an atomic write. */

export interface CatalogueExportRequest {
  db: Database;
  cataloguePath: string;
  appVersion: string;
  out: string;
  force?: boolean;
  filter?: RecordFilter;
  /** CSV only: the collection-system profile and its options. */
  profile?: ProfileOptions;
}

export type { CatalogueExportResult };

export interface PreparedExport {
  target: string;
  filter: ResolvedFilter;
  ids: number[];
  force: boolean;
  profile: ProfileOptions;
}

/** Everything that can be refused is refused here, before any job starts. */
export function prepareCatalogueExport(req: CatalogueExportRequest): PreparedExport {
  if (req.profile?.parentPerRoot && req.profile.profile !== 'atom') {
    throw new ApiError('invalid_input', 'One parent description per import folder is an option of the atom profile only').translated('exportParentPerRootAtomOnly');
  }
  const filter = resolveFilter(req.db, req.filter ?? {});
  const target = checkOutput({ db: req.db, cataloguePath: req.cataloguePath, out: req.out, kind: 'file', force: req.force ?? false });
  return { target, filter, ids: selectIds(req.db, filter), force: req.force ?? false, profile: req.profile ?? {} };
}

export interface RunHooks {
  /** Called once per record before it is written; may throw (cancellation). */
  onRecord?: (done: number) => void;
}

export async function runCsvExport(db: Database, prepared: PreparedExport, hooks: RunHooks = {}): Promise<CatalogueExportResult> {
  let done = 0;
  const table = profileTable(db, prepared.filter.facets, prepared.profile);
  const records = function* () {
    for (const r of iterateRecords(db, prepared.filter, prepared.ids)) {
      hooks.onRecord?.(done++);
      yield r;
    }
  };
  await writeAtomically(prepared.target, 'file', (tmp) => writeCsvFile(tmp, table.columns, table.rows(records(), prepared.ids)), { force: prepared.force });
  const images = done;
  return { out: prepared.target, format: 'csv', images };
}

function jsonHeader(appVersion: string, filter: ResolvedFilter): JsonHeader {
  return {
    exportedAt: new Date().toISOString(),
    appVersion,
    facets: filter.facets.map((f) => ({ key: f.key, nameId: f.nameId, nameEn: f.nameEn, labels: f.labels.map((l) => ({ key: l.key, name: l.name })) })),
    filter: {
      facet: filter.facet?.key ?? null,
      statuses: filter.statuses,
      labels: filter.labelIds && filter.facet ? filter.facet.labels.filter((l) => filter.labelIds!.includes(l.id)).map((l) => l.key) : null,
    },
  };
}

function* jsonImages(db: Database, filter: ResolvedFilter, ids: number[]): Generator<JsonImage> {
  const build = jsonImageBuilder(db, filter.facets);
  for (const r of iterateRecords(db, filter, ids)) yield build(r);
}

export async function runJsonExport(db: Database, appVersion: string, prepared: PreparedExport, hooks: RunHooks = {}): Promise<CatalogueExportResult> {
  let done = 0;
  const header = jsonHeader(appVersion, prepared.filter);
  const n = await writeAtomically(prepared.target, 'file', (tmp) =>
    writeJsonFile(tmp, header, jsonImages(db, prepared.filter, prepared.ids), () => hooks.onRecord?.(done++)),
    { force: prepared.force },
  );
  return { out: prepared.target, format: 'json', images: n };
}

/** The catalogue JSON as text, for browser-mode downloads (same document as runJsonExport writes). */
export function catalogueJsonText(db: Database, appVersion: string, filter: RecordFilter = {}): { text: string; images: number } {
  const resolved = resolveFilter(db, filter);
  const ids = selectIds(db, resolved);
  const images = [...jsonImages(db, resolved, ids)];
  return { text: `${JSON.stringify({ format: JSON_FORMAT, version: JSON_FORMAT_VERSION, ...jsonHeader(appVersion, resolved), images })}\n`, images: ids.length };
}

/** The catalogue CSV in a profile as text (BOM included), for browser-mode downloads. */
export function catalogueCsvText(db: Database, filter: RecordFilter = {}, profile: ProfileOptions = {}): { text: string; images: number } {
  const resolved = resolveFilter(db, filter);
  const ids = selectIds(db, resolved);
  const table = profileTable(db, resolved.facets, profile);
  return { text: csvText(table.columns, table.rows(iterateRecords(db, resolved, ids), ids)), images: ids.length };
}
