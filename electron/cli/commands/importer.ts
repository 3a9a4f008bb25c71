import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { AppContext } from '../../core/app/context.js';
import path from 'node:path';
import type { ImportSummary } from '../../core/importer/job.js';
import { ApiError } from '../../common/errors.js';
import { call, startedJob } from '../call.js';
import { resumeInterrupted, type StartedImport } from '../resume-imports.js';
import { withContext } from '../context.js';

const int = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n < 1) throw new ApiError('invalid_input', `expected a positive whole number, got "${v}"`);
  return n;
};

const SHOWN_ERRORS = 50;

/** The one-line JSON summary: the keys the issue names first, then the extras. */
function jsonSummary(s: ImportSummary) {
  return {
    found: s.found,
    imported: s.imported,
    duplicates: s.duplicates,
    failed: s.failed,
    seconds: Math.round(s.seconds * 100) / 100,
    unchanged: s.unchanged,
    importJobId: s.importJobId,
    resumed: s.resumed,
    errors: s.errors,
  };
}

function printHuman(s: ImportSummary): void {
  const out = process.stdout;
  out.write(
    `${s.resumed ? 'Continued import' : 'Import'} #${s.importJobId}: ${s.found} file(s) found, ${s.imported} imported, ` +
      `${s.duplicates} duplicate(s), ${s.unchanged} unchanged, ${s.failed} failed (${s.seconds.toFixed(1)} s)\n`,
  );
  if (s.errors.length) {
    out.write('Not imported:\n');
    for (const e of s.errors.slice(0, SHOWN_ERRORS)) out.write(`  ${e.path}: ${e.reason}\n`);
    if (s.errors.length > SHOWN_ERRORS) out.write(`  … and ${s.errors.length - SHOWN_ERRORS} more (--json lists them all)\n`);
  }
}

/** Follow a job with a progress bar (terminals only), cancel it on Ctrl-C, and wait for its summary. */
async function follow(ctx: AppContext, imported: StartedImport, showBar: boolean): Promise<ImportSummary> {
  const job = { jobId: imported.jobId, done: startedJob(ctx, imported.jobId, 'import').done };
  const bar =
    showBar && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: '{bar} {value}/{total} | {rate} files/s | ETA {eta_formatted} | {imported} new, {skipped} skipped, {failed} failed',
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let started = false;
  const off = ctx.events.subscribe((e) => {
    if (!bar || e.type !== 'job' || e.job.id !== job.jobId) return;
    const payload = { rate: e.job.ratePerSecond.toFixed(1), imported: e.job.done, skipped: e.job.skipped, failed: e.job.failed };
    if (!started) {
      bar.start(Math.max(1, e.job.found), 0, payload);
      started = true;
    }
    bar.setTotal(Math.max(1, e.job.found));
    bar.update(e.job.done + e.job.skipped + e.job.failed, payload);
  });
  const interrupt = () => ctx.jobs.cancel(job.jobId);
  process.once('SIGINT', interrupt);
  try {
    return await job.done;
  } catch (err) {
    if (ctx.jobs.get(job.jobId).state === 'cancelled') {
      bar?.stop();
      throw new ApiError('cancelled', 'Import cancelled; finished files are kept. Run the same command again to continue.');
    }
    throw err;
  } finally {
    if (started) bar?.stop();
    off();
    process.off('SIGINT', interrupt);
  }
}

/** CLI commands of the importer area: import, relink, roots. */
export function registerImporter(program: Command): void {
  program
    .command('import')
    .description('Import photo folders (recursively) or files into a catalogue; the same folders again add only new or changed files')
    .argument('[paths...]', 'folders or files to import')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--resume', 'continue every import that was cut off (app closed or killed)')
    .option('--workers <n>', 'worker threads (default: one per core)', int)
    .option('--max-pixels <n>', 'refuse images with more pixels than this (default 250000000)', int)
    .option('--json', 'print the summary as one JSON line (last line of output)')
    .action(async (paths: string[], opts: { db?: string; resume?: boolean; workers?: number; maxPixels?: number; json?: boolean }) => {
      if (!paths.length && !opts.resume) throw new ApiError('invalid_input', 'Give at least one folder or file to import (or --resume)');
      const options = { workers: opts.workers, maxPixels: opts.maxPixels };
      await withContext(opts.db, async (ctx) => {
        // Paths are the shell's: resolved against its folder here, as the API takes only full paths.
        const jobs = paths.length ? [await call(ctx, 'import.start', { paths: paths.map((p) => path.resolve(p)), ...options })] : await resumeInterrupted(ctx, options);
        if (!jobs.length) throw new ApiError('not_found', 'No interrupted import to continue');
        for (const job of jobs) {
          if (job.resumed && !opts.json) process.stderr.write(`Continuing interrupted import #${job.importJobId}\n`);
          const summary = await follow(ctx, job, !opts.json);
          if (opts.json) process.stdout.write(`${JSON.stringify(jsonSummary(summary))}\n`);
          else printHuman(summary);
        }
      });
    });

  program
    .command('relink')
    .description('Point an import folder at the place its photos moved to (matched by relative path, then by content)')
    .requiredOption('--from <folder>', 'the old import folder (as listed by "canting roots") or its id')
    .requiredOption('--to <folder>', 'where the photos are now')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: { from: string; to: string; db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const from = /^\d+$/.test(opts.from) ? { rootId: Number(opts.from) } : { from: path.resolve(opts.from) };
        const r = await call(ctx, 'import.relink', { ...from, to: path.resolve(opts.to) });
        if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else {
          process.stdout.write(
            `Relinked "${r.from}" → "${r.to}": ${r.byPath} of ${r.images} image(s) found at the same place, ${r.byHash} found by content, ${r.missing} missing\n`,
          );
        }
      });
    });

  program
    .command('roots')
    .description('List the import folders of a catalogue')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--json', 'print the list as one JSON line')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const roots = await call(ctx, 'import.roots', {});
        if (opts.json) process.stdout.write(`${JSON.stringify(roots)}\n`);
        else {
          for (const r of roots) {
            process.stdout.write(`${r.id}\t${r.path}\t${r.images} image(s)${r.missing ? `, ${r.missing} missing` : ''}${r.available ? '' : ' (folder not reachable)'}\n`);
          }
        }
      });
    });
}
