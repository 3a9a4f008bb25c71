import path from 'node:path';
import type { Command } from 'commander';
import { APP_ROOT, MODELS_DIR } from '../../core/app/paths.js';
import type { PruneResult } from '../../core/classify/stale-embeddings.js';
import { evaluateFolder, headForEval, trainingOverlapNote } from '../../core/classify/evaluate.js';
import { metricsMarkdown } from '../../core/classify/metrics.js';
import { EVALUATION_SET_HELP, evaluationLines } from '../../core/learn/evaluation-text.js';
import { shippedFolder, trainDefault } from '../../core/workflows/train-default.js';
import { BACKBONES, findBackbone } from '../../core/classify/backbones/definitions.js';
import { DEFAULT_BACKBONE_ID } from '../../core/classify/backbones/default.js';
import { closeAppContext } from '../../core/app/create.js';
import { openContext, withContext } from '../context.js';
import { ApiError } from '../../common/errors.js';
import type { AppContext } from '../../core/app/context.js';
import { followJob, progressBar } from '../job-progress.js';
import { call, startedJob } from '../call.js';
import { pipelineNeed } from '../pipeline-need.js';

const int = (v: string) => Number.parseInt(v, 10);

/** The prune job through the contract, followed to its end (a bar on a terminal; Ctrl-C stops between chunks, keeping what went). */
async function pruneJob(ctx: AppContext, vacuum: boolean, showBar: boolean): Promise<PruneResult> {
  const { jobId } = await call(ctx, 'embeddings.prune', { vacuum });
  return followJob(ctx, startedJob(ctx, jobId, 'prune'), progressBar(showBar));
}

/** CLI commands of the classify area: classify, eval, models, train-default. */
export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('Classify the images of a catalogue with the active model of a facet')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--facet <key>', 'facet to classify', 'motif')
    .option('--only-unpredicted', 'skip images the active model has already classified (resume)')
    .option('--workers <n>', 'inference workers (default: one per core)', int)
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: { db?: string; facet: string; onlyUnpredicted?: boolean; workers?: number; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const { jobId } = await call(ctx, 'classify.start', { facet: opts.facet, onlyUnpredicted: opts.onlyUnpredicted ?? false, workers: opts.workers });
        const job = startedJob(ctx, jobId, 'classify');
        try {
          const result = await followJob(ctx, job, progressBar(!opts.json));
          if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
          else {
            process.stdout.write(
              `Classified ${result.classified} of ${result.total} image(s) for ${result.facet} with ${result.modelVersion} ` +
                `(${result.fromCache} from cached embeddings; backend: ${result.backend ?? 'none needed'}); ${result.failed} failed\n`,
            );
            for (const e of result.errors) process.stdout.write(`  failed: ${e.path}: ${e.message}\n`);
          }
        } catch (err) {
          if (ctx.jobs.get(job.id).state === 'cancelled') {
            process.stderr.write('canting: cancelled; finished images are kept. Run again with --only-unpredicted to continue.\n');
          }
          throw err;
        }
      });
    });

  program
    .command('eval')
    .description(
      'Measure models. With --data: the active model of a facet on a labelled folder (one sub-folder per class); where the model lists its training images, also on the photos it did not train on. ' +
        "Without --data: every version of the facet on the catalogue's evaluation set (--db). " +
        EVALUATION_SET_HELP,
    )
    .option('--data <folder>', 'folder with one sub-folder per class (without it: the catalogue’s evaluation set)')
    .option('--facet <key>', 'facet whose model to evaluate', 'motif')
    .option('--db <file>', "use this catalogue's active model (default: the bundled model)")
    .option('--workers <n>', 'inference workers (default: one per core)', int)
    .option('--json', 'print the result as one JSON line at the end')
    .action(async (opts: { data?: string; facet: string; db?: string; workers?: number; json?: boolean }) => {
      if (!opts.data) {
        await withContext(opts.db, async (ctx) => {
          const e = await call(ctx, 'registry.evaluation', { facet: opts.facet });
          process.stdout.write(opts.json ? `${JSON.stringify(e)}\n` : `${EVALUATION_SET_HELP}\n\n${evaluationLines(e).join('\n')}\n`);
        });
        return;
      }
      // A labelled folder outside the catalogue, measured like a benchmark (only the active head is read from --db): not a catalogue operation.
      const data = opts.data;
      const ctx = opts.db ? await openContext(opts.db) : null;
      try {
        const head = await headForEval(opts.facet, { db: ctx?.db, modelsDir: ctx?.modelsDir ?? MODELS_DIR });
        const bar = progressBar(!opts.json);
        bar?.start(1, 0, { rate: '', message: head.manifest.version });
        const r = await evaluateFolder(head, path.resolve(data), {
          workers: opts.workers,
          onProgress: (done, total) => {
            bar?.setTotal(total);
            bar?.update(done);
          },
        });
        bar?.stop();
        if (!opts.json) {
          process.stdout.write(`Model ${r.modelVersion} (${r.facet}) on ${r.images} image(s); backend ${r.backend}; ${r.imagesPerSecond} images/s\n\n`);
          process.stdout.write(`${trainingOverlapNote(r)}\n\n`);
          if (r.unseen && r.seenInTraining) {
            // The fair score first; the whole folder's after it, labelled for what it is.
            process.stdout.write(`Unseen photos only (${r.unseen.images}):\n\n${metricsMarkdown(r.unseen)}\n\n`);
            process.stdout.write(`All ${r.images} photos, including the ${r.seenInTraining} it trained on (optimistic):\n\n`);
          }
          process.stdout.write(`${metricsMarkdown(r)}\n`);
          for (const f of r.failed) process.stdout.write(`  failed: ${f.file}: ${f.message}\n`);
        }
        if (opts.json) {
          const { accuracy, perClass, confusion, labels, imagesPerSecond, backend, images, failed, modelVersion, facet, seenInTraining, unseen } = r;
          process.stdout.write(
            `${JSON.stringify({ accuracy, perClass, confusion, labels, imagesPerSecond, backend, images, failed, modelVersion, facet, seenInTraining, unseen })}\n`,
          );
        }
      } finally {
        if (ctx) await closeAppContext(ctx);
      }
    });

  program
    .command('embeddings')
    .description('Cached embeddings of an earlier release’s backbone: list them, or delete them with --yes')
    .argument('<action>', 'prune')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--yes', 'delete them (without it, only list what would go)')
    .option('--vacuum', 'after deleting, shrink the catalogue file (rewrites it: needs free disk space about its size)')
    .option('--json', 'print the result as one JSON line')
    .action(async (action: string, opts: { db?: string; yes?: boolean; vacuum?: boolean; json?: boolean }) => {
      if (action !== 'prune') throw new ApiError('invalid_input', `unknown action "${action}"; the only one is "prune"`);
      await withContext(opts.db, async (ctx) => {
        const stale = await call(ctx, 'embeddings.stale', {});
        // Nothing stale is no error here: the listing says so.
        const pruned = opts.yes && stale.vectors ? await pruneJob(ctx, opts.vacuum ?? false, !opts.json) : null;
        const { backbones: found, vectors, bytes } = pruned ?? stale;
        const megabytes = Math.round(bytes / 1e5) / 10;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ deleted: Boolean(opts.yes), vacuumed: pruned?.vacuumed ?? false, backbones: found, vectors, megabytes })}\n`);
          return;
        }
        if (!found.length) {
          process.stdout.write('No embeddings of an earlier backbone: nothing to prune\n');
          return;
        }
        for (const s of found) process.stdout.write(`  ${s.backbone}: ${s.vectors} vector(s), ${Math.round(s.bytes / 1e5) / 10} MB\n`);
        if (!opts.yes) {
          process.stdout.write(
            `${vectors} vector(s), ${megabytes} MB, of backbones this release no longer computes. Versions trained on them can no longer be compared or reported once they go. Run again with --yes to delete them.\n`,
          );
        } else {
          process.stdout.write(
            `Deleted ${vectors} vector(s), ${megabytes} MB. ${opts.vacuum ? 'The catalogue file was shrunk.' : 'SQLite reuses the space for new data; add --vacuum to shrink the file itself.'}\n`,
          );
        }
      });
    });

  const models = program.command('models').description('Classifier heads in a catalogue');
  models
    .command('list')
    .option('--db <file>', 'catalogue file')
    .option('--facet <key>', 'only this facet')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; facet?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const rows = await call(ctx, 'models.list', { facet: opts.facet });
        if (opts.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
        else {
          for (const m of rows) {
            const need = pipelineNeed(m);
            process.stdout.write(`${m.active ? '*' : ' '} ${m.facet}\t${m.version}\t${m.source}\t${m.pipeline?.name ?? 'earlier release'}\t${m.labels.join(',')}${need ? `\t(${need})` : ''}\n`);
          }
        }
      });
    });
  models
    .command('import <folder>')
    .description('Import a TF.js head folder (model.json, weights, manifest.json) for a facet and make it active')
    .requiredOption('--facet <key>', 'facet to assign it to')
    .option('--labels <a,b,c>', "the head's labels in output order; required when the folder has no manifest.json (straight from tensorflowjs_converter)", (v: string) => v.split(',').map((s) => s.trim()))
    // Not --version: commander gives that to the program (it prints Canting's version) even after a subcommand.
    .option('--model-version <v>', "version name to store it under (default: the manifest's, else <facet>-imported-<time>)")
    .option('--db <file>', 'catalogue file')
    .action(async (folder: string, opts: { db?: string; facet: string; labels?: string[]; modelVersion?: string }) => {
      await withContext(opts.db, async (ctx) => {
        const m = await call(ctx, 'registry.import', { facet: opts.facet, folder: path.resolve(folder), labels: opts.labels, version: opts.modelVersion, activate: true });
        process.stdout.write(`Imported ${m.version} for ${m.facet}; it is now the active model\n`);
      });
    });

  // A developer tool over the dataset folder (npm run train:default), not a catalogue operation: it calls the core directly.
  program
    .command('train-default')
    .description('Re-train the bundled motif head from ../shared/datasets/batik-irina4 (npm run train:default)')
    .option('--dataset <folder>', 'dataset folder', path.resolve(APP_ROOT, '..', 'shared', 'datasets', 'batik-irina4'))
    .option('--out <folder>', 'where to write the model (default: models/motif, or models/motif-<pipeline> for another pipeline)')
    .option('--pipeline <id>', 'the feature pipeline the head reads (canting pipeline list)', DEFAULT_BACKBONE_ID)
    .option('--workers <n>', 'inference workers (default: one per core)', int)
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: { dataset: string; out?: string; pipeline: string; workers?: number; json?: boolean }) => {
      const pipeline = findBackbone(opts.pipeline);
      if (!pipeline) throw new Error(`unknown pipeline "${opts.pipeline}"; known: ${BACKBONES.map((b) => b.id).join(', ')}`);
      const r = await trainDefault({
        dataset: opts.dataset,
        pipeline,
        outDir: opts.out ?? path.join(MODELS_DIR, shippedFolder(pipeline)),
        workers: opts.workers,
        modelCard: path.join(MODELS_DIR, 'MODEL_CARD.md'),
        log: (s) => process.stderr.write(`${s}\n`),
      });
      if (opts.json) process.stdout.write(`${JSON.stringify({ outDir: r.outDir, train: r.trainCount, test: r.testCount, ...r.metrics })}\n`);
      else process.stdout.write(`Wrote ${r.outDir}; held-out (${r.testCount} images):\n\n${metricsMarkdown(r.metrics)}\n`);
    });
}
