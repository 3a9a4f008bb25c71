import { exportsCalls } from '../../../common/contract/exports.js';
import { catalogueCsvText, catalogueJsonText } from '../../export/catalogue.js';
import { startCatalogueExport, startIiifExport, startTrainingExport } from '../../export/jobs.js';
import type { HandlerTable } from '../types.js';
import { requireAbsolutePath } from '../absolute-path.js';

function downloadName(ext: string, facet?: string | null): string {
  return `canting-katalog${facet ? `-${facet}` : ''}-${new Date().toISOString().slice(0, 10)}.${ext}`;
}

export const exportsHandlers: HandlerTable<keyof typeof exportsCalls> = {
  'export.csv': (input, ctx) => {
    requireAbsolutePath(input.out);
    const { profile, subjectLanguage, parentPerRoot, ...rest } = input;
    const job = startCatalogueExport(ctx, 'csv', { ...rest, profile: { profile, subjectLanguage, parentPerRoot } });
    return { jobId: job.id, images: job.images, out: job.out };
  },
  'export.json': (input, ctx) => {
    requireAbsolutePath(input.out);
    const job = startCatalogueExport(ctx, 'json', input);
    return { jobId: job.id, images: job.images, out: job.out };
  },
  'export.csvContent': (input, ctx) => {
    const { text, images } = catalogueCsvText(ctx.db, input.filter ?? {}, input);
    const profile = input.profile && input.profile !== 'dublin-core' ? input.profile : null;
    return { fileName: downloadName('csv', [profile, input.filter?.facet].filter(Boolean).join('-')), mime: 'text/csv;charset=utf-8', content: text, images };
  },
  'export.jsonContent': (input, ctx) => {
    const { text, images } = catalogueJsonText(ctx.db, ctx.appVersion, input.filter ?? {});
    return { fileName: downloadName('json', input.filter?.facet), mime: 'application/json', content: text, images };
  },
  'export.iiif': (input, ctx) => {
    requireAbsolutePath(input.out);
    const job = startIiifExport(ctx, input);
    return { jobId: job.id, images: job.images, out: job.out };
  },
  'export.training': (input, ctx) => {
    requireAbsolutePath(input.out);
    const job = startTrainingExport(ctx, input);
    return { jobId: job.id, images: job.images, skipped: job.skipped, out: job.out };
  },
};
