import type { Database } from 'better-sqlite3';
import { catalogueColumns } from './columns.js';
import { csvText, writeCsvFile } from './csv.js';
import { jsonImageBuilder, writeJsonFile, type JsonImage } from './json.js';
import { iterateRecords, resolveFilter, selectIds, type RecordFilter, type ResolvedFilter } from './records.js';
import { checkOutput, writeAtomically } from './target.js';

/** Catalogue exports (CSV, JSON): checks first, then an atomic write. */

export interface CatalogueExportRequest {
  db: Database;
  cataloguePath: string;
  appVersion: string;
  out: string;
  force?: boolean;
  filter?: RecordFilter;
}

export interface CatalogueExportResult {
  out: string;
  format: 'csv' | 'json';
  images: number;
}

export interface PreparedExport {
  target: string;
  filter: ResolvedFilter;
  ids: number[];
}

/** Everything that can be refused is refused here, before any job starts. */
export function prepareCatalogueExport(req: CatalogueExportRequest): PreparedExport {
  const filter = resolveFilter(req.db, req.filter ?? {});
  const target = checkOutput({ db: req.db, cataloguePath: req.cataloguePath, out: req.out, kind: 'file', force: req.force ?? false });
  return { target, filter, ids: selectIds(req.db, filter) };
}

export interface RunHooks {
  /** Called once per record before it is written; may throw (cancellation). */
  onRecord?: (done: number) => void;
}

export async function runCsvExport(db: Database, prepared: PreparedExport, hooks: RunHooks = {}): Promise<CatalogueExportResult> {
  let done = 0;
  const images = await writeAtomically(prepared.target, 'file', (tmp) =>
    writeCsvFile(tmp, catalogueColumns(prepared.filter.facets), iterateRecords(db, prepared.filter, prepared.ids), {
      onRecord: () => hooks.onRecord?.(done++),
    }),
  );
  return { out: prepared.target, format: 'csv', images };
}

export async function runJsonExport(db: Database, appVersion: string, prepared: PreparedExport, hooks: RunHooks = {}): Promise<CatalogueExportResult> {
  const { filter } = prepared;
  const build = jsonImageBuilder(db, filter.facets);
  function* images(): Generator<JsonImage> {
    for (const r of iterateRecords(db, filter, prepared.ids)) yield build(r);
  }
  let done = 0;
  const header = {
    exportedAt: new Date().toISOString(),
    appVersion,
    facets: filter.facets.map((f) => ({ key: f.key, nameId: f.nameId, nameEn: f.nameEn, labels: f.labels.map((l) => ({ key: l.key, name: l.name })) })),
    filter: { facet: filter.facet?.key ?? null, statuses: filter.statuses, labels: filter.labelIds && filter.facet ? filter.facet.labels.filter((l) => filter.labelIds!.includes(l.id)).map((l) => l.key) : null },
  };
  const n = await writeAtomically(prepared.target, 'file', (tmp) => writeJsonFile(tmp, header, images(), () => hooks.onRecord?.(done++)));
  return { out: prepared.target, format: 'json', images: n };
}

/** The catalogue CSV as text (BOM included), for browser-mode downloads. */
export function catalogueCsvText(db: Database, filter: RecordFilter = {}): { text: string; images: number } {
  const resolved = resolveFilter(db, filter);
  const ids = selectIds(db, resolved);
  return { text: csvText(catalogueColumns(resolved.facets), iterateRecords(db, resolved, ids)), images: ids.length };
}
