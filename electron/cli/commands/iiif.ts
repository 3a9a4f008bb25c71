import type { Command } from 'commander';
import path from 'node:path';
import { exportOfFormat, type IiifExportResult } from '../../common/contract/index.js';
import { call, startedJob } from '../call.js';
import { withContext } from '../context.js';
import { followJob, progressBar } from '../job-progress.js';

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
        const started = await call(ctx, 'export.iiif', { out: path.resolve(opts.out), baseUrl: opts.baseUrl, force: opts.force ?? false, filter: opts.facet ? { facet: opts.facet } : undefined });
        const r = exportOfFormat(await followJob(ctx, startedJob(ctx, started.jobId, 'export'), progressBar(!opts.json)), 'iiif');
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : describe(r));
      });
    });
}
