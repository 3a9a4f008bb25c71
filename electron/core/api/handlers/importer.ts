import { importerCalls } from '../../../common/contract/importer.js';
import { countFiles, importErrorKinds, importErrors, listImportJobs, resumeImport, startImport, type StartedImport } from '../../importer/job.js';
import { relinkRoot } from '../../importer/relink.js';
import { listImportRoots } from '../../catalogue/roots.js';
import { requireAbsolutePath } from '../absolute-path.js';
import { ApiError } from '../../../common/errors.js';
import type { HandlerTable } from '../types.js';

const started = (s: StartedImport) => ({ jobId: s.jobId, importJobId: s.importJobId, resumed: s.resumed });

export const importerHandlers: HandlerTable<keyof typeof importerCalls> = {
  'import.start': (input, ctx) => {
    input.paths.forEach(requireAbsolutePath);
    return started(startImport(ctx, input.paths, { workers: input.workers, maxPixels: input.maxPixels }));
  },
  'import.resume': (input, ctx) => started(resumeImport(ctx, input.importJobId, { workers: input.workers, maxPixels: input.maxPixels })),
  'import.jobs': (input, ctx) => listImportJobs(ctx, input.limit ?? 20),
  'import.errors': (input, ctx) => {
    if (!ctx.db.prepare('SELECT 1 FROM import_jobs WHERE id = ?').get(input.importJobId)) {
      throw new ApiError('not_found', `No import job ${input.importJobId}`);
    }
    return {
      total: countFiles(ctx.db, input.importJobId).failed,
      byCode: importErrorKinds(ctx.db, input.importJobId),
      items: importErrors(ctx.db, input.importJobId, input.offset ?? 0, input.limit ?? 200, input.code),
    };
  },
  'import.roots': (_input, ctx) => listImportRoots(ctx.db),
  'import.relink': async (input, ctx) => {
    requireAbsolutePath(input.to);
    const result = await relinkRoot(ctx.db, input.rootId ?? requireAbsolutePath(input.from!), input.to);
    ctx.events.emit({ type: 'catalogue-changed', reason: 'relink' });
    return result;
  },
};
