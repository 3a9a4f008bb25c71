import path from 'node:path';
import { Option, type Command } from 'commander';
import { formatEpochMessage, formatFineTuneMessage } from '../../common/contract/learn.js';
import { EnginePool } from '../../core/classify/pool.js';
import type { VersionInfo } from '../../core/learn/versions.js';
import { trainFacet } from '../../core/learn/run.js';
import { activationCheckLines, scoreText } from '../../core/learn/evaluation-text.js';
import { scoreOf } from '../../common/interval.js';
import { etaText, phaseEta } from '../phase-eta.js';
import { pipelineNeed } from '../pipeline-need.js';
import { withContext } from '../context.js';
import { call } from '../call.js';

const int = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
  return n;
};
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function describe(v: VersionInfo): string {
  const tags = [v.fineTuned ? 'top block fine-tuned' : '', v.runnable ? pipelineNeed(v) : 'old features: cannot classify'].filter(Boolean);
  const own = scoreOf(v.accuracy, v.metrics?.validationImages);
  // The own split's size and interval: versions are compared on the evaluation set (canting eval), not on this.
  const val = own ? `${scoreText(own)} on its own validation split` : pct(v.accuracy);
  return `${v.active ? '*' : ' '} ${v.id}\t${v.version}\t${v.source}\tval ${val}\ttrain ${pct(v.trainAccuracy)}\t${v.training.images} images\t${v.pipeline?.name ?? 'earlier release'}\t${v.createdAt}${tags.length ? `\t(${tags.join('; ')})` : ''}`;
}

/** CLI commands of the learn area: train, registry, report, suggest, suspects. */
export function registerLearn(program: Command): void {
  program
    .command('train')
    .description(
      'Train a new head for a facet from its corrected/validated labels (the backbone stays frozen unless --fine-tune). The new version is not activated.',
    )
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet to train, e.g. tema')
    .option('--epochs <n>', 'maximum epochs (early stopping may end sooner)', int)
    .option('--min-per-label <n>', 'minimum reviewed examples per label', int)
    .option('--seed <n>', 'seed (same data + seed = same model)', int)
    .option('--no-augment', 'do not compute/use augmented views (rotation, zoom, mirror, colour)')
    .option('--fine-tune', "then fine-tune the backbone's top block with the head (kept only if better on validation; minutes without tfjs-node)")
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: { db?: string; facet: string; epochs?: number; minPerLabel?: number; seed?: number; augment: boolean; fineTune?: boolean; json?: boolean }) => {
      // Straight to the core's training (its rules and refusals are the core's): the CLI prints every phase and epoch
      // as a line, which the job's events (throttled for the interface) would drop, and trains on every core.
      await withContext(opts.db, async (ctx) => {
        const controller = new AbortController();
        // Ctrl-C stops training; the registry is only written at the very end, so it stays as it was.
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        const err = (s: string) => process.stderr.write(`${s}\n`);
        const eta = phaseEta();
        try {
          const r = await trainFacet(
            ctx.db,
            { facet: opts.facet, epochs: opts.epochs, minPerLabel: opts.minPerLabel, seed: opts.seed, augment: opts.augment, fineTune: opts.fineTune },
            {
              signal: controller.signal,
              onPhase: (phase) => err(`${phase.message}${phase.progress ? etaText(eta(phase.progress.done, phase.progress.total), phase.key === 'training') : ''}`),
              onEpoch: (log, max) => err(`${formatEpochMessage(log, max)}${etaText(eta(log.epoch, max), true)}`),
              onFineTuneEpoch: (log) => err(formatFineTuneMessage(log)),
              openEmbedder: async (output) => {
                const pool = await EnginePool.start({ output });
                return { embed: (px, n) => pool.embedPixels(px, n), close: () => pool.close() };
              },
            },
          );
          if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
          else {
            const m = r.version.metrics;
            process.stdout.write(
              [
                `Trained ${r.version.version} for facet ${opts.facet} in ${r.seconds}s (${r.fineTuned ? "head and the backbone's top block" : 'head only; backbone frozen'}). Not active yet: canting registry activate ${r.version.id}`,
                `Images: ${r.version.training.images} (${Object.entries(r.version.training.perLabel).map(([l, n]) => `${l} ${n}`).join(', ')}); augmented views: ${r.augmentedViews}`,
                `Validation accuracy ${pct(r.version.accuracy)}, training accuracy ${pct(r.version.trainAccuracy)}; best epoch ${r.bestEpoch} of ${r.history.length}${r.stoppedEarly ? ' (stopped early)' : ''}`,
                ...(m?.perClass ? Object.entries(m.perClass).map(([l, c]) => `  ${l}: precision ${c.precision.toFixed(3)} recall ${c.recall.toFixed(3)} F1 ${c.f1.toFixed(3)} (${c.support})`) : []),
                ...r.notes.map((n) => `Note: ${n.message}`),
                '',
              ].join('\n'),
            );
          }
        } finally {
          process.off('SIGINT', onSigint);
        }
      });
    });

  const registry = program.command('registry').description('Model versions per facet: list, activate, roll back, compare, export');
  registry
    .command('versions')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet')
    .option('--json', 'JSON output')
    .action(async (opts: { db?: string; facet: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const vs = await call(ctx, 'registry.versions', { facet: opts.facet });
        process.stdout.write(opts.json ? `${JSON.stringify(vs)}\n` : vs.length ? `${vs.map(describe).join('\n')}\n` : `Facet ${opts.facet} has no model versions yet\n`);
      });
    });
  registry
    .command('activate <id>')
    .description('Make a version its facet’s active model; first prints its evaluation-set score beside the active one and the labels of unreviewed images it would change')
    .option('--db <file>', 'catalogue file')
    .action(async (id: string, opts: { db?: string }) => {
      await withContext(opts.db, async (ctx) => {
        for (const line of activationCheckLines(await call(ctx, 'registry.activationCheck', { id: int(id) }))) process.stderr.write(`${line}\n`);
        const v = await call(ctx, 'registry.activate', { id: int(id) });
        process.stdout.write(`${v.version} is now the active model of ${v.facet}\n`);
      });
    });
  registry
    .command('rollback')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet')
    .action(async (opts: { db?: string; facet: string }) => {
      await withContext(opts.db, async (ctx) => {
        const v = await call(ctx, 'registry.rollback', { facet: opts.facet });
        process.stdout.write(`Rolled back: ${v.version} is again the active model of ${v.facet}\n`);
      });
    });
  registry
    .command('compare <a> <b>')
    .option('--db <file>', 'catalogue file')
    .action(async (a: string, b: string, opts: { db?: string }) => {
      await withContext(opts.db, async (ctx) => {
        process.stdout.write(`${JSON.stringify(await call(ctx, 'registry.compare', { a: int(a), b: int(b) }))}\n`);
      });
    });
  registry
    .command('export <id> <folder>')
    .option('--db <file>', 'catalogue file')
    .action(async (id: string, folder: string, opts: { db?: string }) => {
      await withContext(opts.db, async (ctx) => {
        const r = await call(ctx, 'registry.export', { id: int(id), folder: path.resolve(folder) });
        process.stdout.write(`Wrote ${r.files.join(', ')} to ${r.folder}\n`);
      });
    });

  program
    .command('report <modelId>')
    .description('Evaluation report of a model version as HTML (open it and print to PDF)')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--out <file>', 'HTML file to write')
    .addOption(new Option('--lang <language>', 'language of the report (default: the catalogue’s interface language)').choices(['id', 'en']))
    .action(async (id: string, opts: { db?: string; out: string; lang?: 'id' | 'en' }) => {
      await withContext(opts.db, async (ctx) => {
        const { file } = await call(ctx, 'registry.report', { id: int(id), file: path.resolve(opts.out), language: opts.lang });
        process.stdout.write(`Wrote ${file}\n`);
      });
    });

  program
    .command('suggest')
    .description('Which images to label next for a facet (typical images of parts not labelled yet until 100 labels, then the most informative)')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet')
    .option('--limit <n>', 'how many', int, 20)
    .action(async (opts: { db?: string; facet: string; limit: number }) => {
      await withContext(opts.db, async (ctx) => {
        const { withoutFeatures: without, ...suggested } = await call(ctx, 'learn.suggest', { facet: opts.facet, limit: opts.limit });
        process.stdout.write(`${JSON.stringify(suggested)}\n`);
        // Only images with features can be suggested: say so rather than let an empty list look like "nothing left".
        if (without) process.stderr.write(`canting: ${without} image(s) have no features yet and cannot be suggested; run \`canting features${opts.db ? ` --db ${opts.db}` : ''}\` first\n`);
      });
    });
  program
    .command('suspects')
    .description('Reviewed images whose label a cross-validated model strongly disagrees with')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet')
    .option('--limit <n>', 'how many', int, 100)
    .action(async (opts: { db?: string; facet: string; limit: number }) => {
      await withContext(opts.db, async (ctx) => {
        process.stdout.write(`${JSON.stringify(await call(ctx, 'learn.suspects', { facet: opts.facet, limit: opts.limit }))}\n`);
      });
    });
}
