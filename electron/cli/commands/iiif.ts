import type { Command } from 'commander';
import type { CallInput, CallName, CallOutput, IiifExportResult, JobStatus } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import type { AppContext } from '../../core/app/context.js';
import { dispatch } from '../../core/api/dispatch.js';
import { withContext } from '../context.js';
import { followJob, progressBar } from '../job-progress.js';

async function call<N extends CallName>(ctx: AppContext, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message);
  return r.value as CallOutput<N>;
}

/** The job's end, from its events (the contract's job status), as a promise of its result. */
function jobEnd<T>(ctx: AppContext, id: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const settle = (job: JobStatus) => {
      if (job.state === 'done') resolve(job.result as T);
      else if (job.state === 'cancelled') reject(new ApiError('cancelled', 'Export cancelled; nothing was written'));
      else if (job.state === 'failed') reject(new ApiError('io', job.message ?? 'The export failed; nothing was written'));
      else return false;
      return true;
    };
    const off = ctx.events.subscribe((e) => {
      if (e.type === 'job' && e.job.id === id && settle(e.job)) off();
    });
    if (settle(ctx.jobs.get(id))) off();
  });
}

function describe(r: IiifExportResult): string {
  const lines = [`Wrote ${r.manifests} manifest(s) and ${r.collections} collection(s) to ${r.out}; put the folder on a web server at ${r.baseUrl}/ (top collection: ${r.baseUrl}/collection.json)`];
  for (const s of r.skipped) lines.push(`  skipped #${s.imageId} (${s.reason}): ${s.source}`);
  return `${lines.join('\n')}\n`;
}

interface IiifOpts {
  db?: string;
  out: string;
  baseUrl: string;
  facet?: string;
  force?: boolean;
  json?: boolean;
}

/** `canting export iiif`: a static IIIF folder (Presentation 3 manifests, level-0 tiles), through the app's contract call. */
export function registerIiifExport(exp: Command): void {
  exp
    .command('iiif')
    .description('Write IIIF Presentation 3 manifests (one per photo, a collection per import folder) and static level-0 image tiles, for any web server')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .requiredOption('--out <dir>', 'folder to create (must be new or empty unless --force)')
    .requiredOption('--base-url <url>', 'absolute http(s) URL the folder will be served at, e.g. https://museum.example/iiif')
    .option('--facet <key>', 'only this facet in the metadata')
    .option('--force', 'replace a non-empty output folder')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: IiifOpts) => {
      await withContext(opts.db, async (ctx) => {
        const started = await call(ctx, 'export.iiif', { out: opts.out, baseUrl: opts.baseUrl, force: opts.force ?? false, filter: opts.facet ? { facet: opts.facet } : undefined });
        const r = await followJob(ctx, { id: started.jobId, done: jobEnd<IiifExportResult>(ctx, started.jobId) }, progressBar(!opts.json));
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : describe(r));
      });
    });
}
