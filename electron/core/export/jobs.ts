import path from 'node:path';
import type { ExportJobResult } from '../../common/contract/index.js';
import type { JobContext } from '../jobs/runner.js';
import type { JobServices } from '../jobs/services.js';
import { prepareCatalogueExport, runCsvExport, runJsonExport, type CatalogueExportResult } from './catalogue.js';
import type { RecordFilter } from './records.js';
import type { ProfileOptions } from './profiles/index.js';
import { prepareIiifExport, runIiifExport, type IiifExportResult } from './iiif/write.js';
import { prepareTrainingExport, runTrainingExport, type FileOps, type TrainingResult } from './training.js';

/** What an export job needs: the job services and what every export records of its catalogue. */
type ExportServices = JobServices & { cataloguePath: string; appVersion: string };

/**
 * Exports as jobs (progress events, cancellation). Every check that can
 * refuse the request runs before the job starts, so bad input is an immediate
 * error from the call, never a failed job.
 */
export interface StartedExport<T> {
  id: string;
  done: Promise<T>;
  images: number;
  out: string;
}

/** An export job ends with ExportJobResult; each start function knows which of its formats, so its caller gets that one. */
function startExport<R extends ExportJobResult>(ctx: ExportServices, title: string, work: (jc: JobContext) => Promise<R>): { id: string; done: Promise<R> } {
  const job = ctx.jobs.start('export', title, work);
  return { id: job.id, done: job.done as Promise<R> };
}

export interface CatalogueExportInput {
  out: string;
  force?: boolean;
  filter?: RecordFilter | null;
  /** CSV only. */
  profile?: ProfileOptions;
}

export function startCatalogueExport(ctx: ExportServices, format: 'csv' | 'json', input: CatalogueExportInput): StartedExport<CatalogueExportResult> {
  const prepared = prepareCatalogueExport({
    db: ctx.db,
    cataloguePath: ctx.cataloguePath,
    appVersion: ctx.appVersion,
    out: input.out,
    force: input.force,
    filter: input.filter ?? {},
    profile: input.profile,
  });
  const total = prepared.ids.length;
  const job = startExport(ctx, `${format.toUpperCase()} → ${path.basename(prepared.target)}`, async (jc) => {
    jc.progress({ found: total, done: 0 });
    const hooks = {
      onRecord: (done: number) => {
        jc.throwIfCancelled();
        jc.progress({ done });
      },
    };
    const result = format === 'csv' ? await runCsvExport(ctx.db, prepared, hooks) : await runJsonExport(ctx.db, ctx.appVersion, prepared, hooks);
    jc.progress({ done: result.images, message: result.out });
    return result;
  });
  return { id: job.id, done: job.done, images: total, out: prepared.target };
}

export interface IiifExportInput {
  out: string;
  baseUrl: string;
  force?: boolean | null;
  filter?: RecordFilter | null;
}

export function startIiifExport(ctx: ExportServices, input: IiifExportInput): StartedExport<IiifExportResult> {
  const prepared = prepareIiifExport({
    db: ctx.db,
    cataloguePath: ctx.cataloguePath,
    out: input.out,
    baseUrl: input.baseUrl,
    force: input.force ?? false,
    filter: input.filter ?? {},
  });
  const total = prepared.ids.length;
  const job = startExport(ctx, `IIIF → ${path.basename(prepared.target)}`, async (jc) => {
    jc.progress({ found: total, done: 0 });
    const result = await runIiifExport(ctx.db, prepared, {
      beforeImage: () => jc.throwIfCancelled(),
      progress: (p) => jc.progress(p),
    });
    jc.progress({ message: result.out });
    return result;
  });
  return { id: job.id, done: job.done, images: total, out: prepared.target };
}

export interface TrainingExportInput {
  facet: string;
  out: string;
  include?: readonly string[] | null;
  valFraction?: number | null;
  seed?: number | null;
  force?: boolean | null;
  copy?: boolean | null;
  version?: number | null;
}

export function startTrainingExport(ctx: ExportServices, input: TrainingExportInput, ops?: FileOps): StartedExport<TrainingResult> & { skipped: number } {
  const prepared = prepareTrainingExport({
    db: ctx.db,
    cataloguePath: ctx.cataloguePath,
    appVersion: ctx.appVersion,
    facet: input.facet,
    out: input.out,
    include: input.include ?? undefined,
    valFraction: input.valFraction ?? undefined,
    seed: input.seed ?? undefined,
    force: input.force ?? false,
    link: !input.copy,
    version: input.version ?? undefined,
  });
  const job = startExport(ctx, `${prepared.facet.key} → ${path.basename(prepared.target)}`, async (jc) => {
    const result = await runTrainingExport(
      ctx.db,
      prepared,
      {
        beforeFile: () => jc.throwIfCancelled(),
        progress: (p) => jc.progress(p),
      },
      ops,
    );
    jc.progress({ message: result.out });
    return result;
  });
  return { id: job.id, done: job.done, images: prepared.items.length, skipped: prepared.skipped.length, out: prepared.target };
}
