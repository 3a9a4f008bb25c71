import type { Command } from 'commander';
import { call, startedJob } from '../call.js';
import { followJob, progressBar } from '../job-progress.js';
import { withContext } from '../context.js';

const int = (v: string) => Number.parseInt(v, 10);

/**
 * `canting features`: the backbone's features of every image that has none,
 * without any model, as the first-model banner's button does. An archive
 * that catalogues only its own facets ("tema") needs them before
 * `canting suggest` can propose anything, and need not run the motif model.
 */
export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description('Compute the image features of every image that has none yet (no model needed); what suggestions, similar images and training read')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--workers <n>', 'inference workers (default: one per core)', int)
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: { db?: string; workers?: number; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const { jobId } = await call(ctx, 'classify.features', { workers: opts.workers });
        const job = startedJob(ctx, jobId, 'features');
        try {
          const result = await followJob(ctx, job, progressBar(!opts.json));
          if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else {
            process.stdout.write(`Computed the features of ${result.computed} of ${result.total} image(s); ${result.failed} could not be read\n`);
            for (const e of result.errors) process.stdout.write(`  failed: ${e.path}: ${e.message}\n`);
          }
        } catch (err) {
          if (ctx.jobs.get(job.id).state === 'cancelled') process.stderr.write('canting: cancelled; the features computed so far are kept. Run again to do the rest.\n');
          throw err;
        }
      });
    });
}
