import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import type { AppContext } from '../../core/app/context.js';
import path from 'node:path';
import { exportOfFormat, type ExportJobResult, type TrainingExportResult } from '../../common/contract/index.js';
import { CSV_PROFILES, type CsvProfile } from '../../core/export/profiles/index.js';
import type { SubjectLanguage } from '../../core/export/profiles/values.js';
import { call, startedJob } from '../call.js';
import { withContext } from '../context.js';
import { statuses } from '../options.js';
import { registerIiifExport } from './iiif.js';

/** "a,b" and repeated options both give a list. */
const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** Follow a job with a progress bar (interactive terminals only) and cancel it on Ctrl-C. */
async function follow(ctx: AppContext, started: { jobId: string; images: number }, quiet: boolean): Promise<ExportJobResult> {
  const job = { ...startedJob(ctx, started.jobId, 'export'), images: started.images };
  const bar =
    !quiet && process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
  bar?.start(job.images, 0);
  const off = ctx.events.subscribe((e) => {
    if (e.type !== 'job' || e.job.id !== job.id) return;
    bar?.setTotal(e.job.found);
    bar?.update(e.job.done + e.job.skipped);
  });
  const interrupt = () => ctx.jobs.cancel(job.id);
  process.once('SIGINT', interrupt);
  try {
    return await job.done;
  } catch (err) {
    if (ctx.jobs.get(job.id).state === 'cancelled') process.stderr.write('canting: export cancelled; nothing was written.\n');
    throw err;
  } finally {
    bar?.stop();
    off();
    process.off('SIGINT', interrupt);
  }
}

interface CatalogueOpts {
  db?: string;
  out: string;
  facet?: string;
  status?: string[];
  label?: string[];
  passedOnly?: boolean;
  force?: boolean;
  json?: boolean;
  profile?: CsvProfile;
  subjectLanguage?: SubjectLanguage;
  parentPerRoot?: boolean;
}

function catalogueCommand(parent: Command, format: 'csv' | 'json', description: string): void {
  const command = parent.command(format);
  if (format === 'csv') {
    command
      .addOption(new Option('--profile <name>', 'column layout: dublin-core (the catalogue CSV), omeka-s (Omeka S CSV Import) or atom (AtoM ISAD(G) CSV)').choices(CSV_PROFILES).default('dublin-core'))
      .addOption(new Option('--subject-language <lang>', 'omeka-s/atom: language of facet names in subjects and of regions in places').choices(['id', 'en', 'both']).default('id'))
      .option('--parent-per-root', 'atom: one parent description per import folder, the photos under it');
  }
  command
    .description(description)
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .requiredOption('--out <file>', `the ${format.toUpperCase()} file to write`)
    .option('--facet <key>', 'only this facet: its columns, and the facet --status/--label apply to')
    .option('--status <list>', 'only these review statuses of --facet (unreviewed, predicted, corrected, validated, rejected, awaiting, disputed; comma-separated)', list)
    .option('--label <list>', 'only these labels of --facet (keys or names, comma-separated)', list)
    .option('--passed-only', 'only labels of --facet that passed its required validations (corrected or validated)')
    .option('--force', 'replace an existing file')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: CatalogueOpts) => {
      await withContext(opts.db, async (ctx) => {
        // Paths are the shell's: resolved against its folder here, as the API takes only full paths.
        const common = {
          out: path.resolve(opts.out),
          force: opts.force ?? false,
          filter: { facet: opts.facet ?? null, statuses: statuses(opts.status), labels: opts.label ?? null, passedOnly: opts.passedOnly ?? null },
        };
        const job =
          format === 'csv'
            ? await call(ctx, 'export.csv', { ...common, profile: opts.profile, subjectLanguage: opts.subjectLanguage, parentPerRoot: opts.parentPerRoot })
            : await call(ctx, 'export.json', common);
        const r = exportOfFormat(await follow(ctx, job, opts.json ?? false), 'csv', 'json');
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : `Wrote ${r.images} image(s) to ${r.out}\n`);
      });
    });
}

interface TrainingOpts {
  db?: string;
  facet: string;
  out: string;
  include?: string[];
  val?: string;
  seed?: string;
  force?: boolean;
  copy?: boolean;
  modelVersion?: string;
  json?: boolean;
}

function describeTraining(r: TrainingExportResult): string {
  const lines = [
    `Wrote ${r.train} training, ${r.val} validation${r.eval ? ` and ${r.eval} evaluation` : ''} image(s) of ${r.facet}${r.version ? ` (the split ${r.version} trained with)` : ''} to ${r.out} (${r.linked} hard-linked, ${r.copied} copied)`,
  ];
  for (const [label, c] of Object.entries(r.perLabel)) lines.push(`  ${label}: ${c.train} train, ${c.val} val${r.eval ? `, ${c.eval} eval` : ''}`);
  if (r.skipped.length) lines.push(`  skipped ${r.skipped.length} (missing or changed files; see README.md)`);
  return `${lines.join('\n')}\n`;
}

/** CLI commands of the exports area: export csv | json | training. */
export function registerExports(program: Command): void {
  const exp = program.command('export').description('Export the catalogue (CSV, JSON) or reviewed labels as training data');
  catalogueCommand(exp, 'csv', 'Write the catalogue as CSV (Dublin Core columns, UTF-8 with BOM, spreadsheet-safe)');
  catalogueCommand(exp, 'json', 'Write the catalogue as JSON, with every prediction and the full review history');
  registerIiifExport(exp);
  exp
    .command('training')
    .description('Write reviewed labels of a facet as DIR/train/<label>/, DIR/val/<label>/, manifest.csv and README.md')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .requiredOption('--facet <key>', 'facet whose labels to export, e.g. motif or tema')
    .requiredOption('--out <dir>', 'folder to create (must be new or empty unless --force)')
    .option('--include <list>', 'review statuses to export: corrected, validated (default both)', list)
    .option('--val <fraction>', 'validation fraction of each label, 0 ≤ val < 1', '0.2')
    .option('--seed <n>', 'seed of the split (same seed, same split)', '42')
    .option('--force', 'replace a non-empty output folder')
    .option('--copy', 'copy files even where hard links are possible')
    // Not --version: commander gives that to the program (it prints Canting's version) even after a subcommand.
    .option('--model-version <id>', 'export exactly the train/val/eval split this trained version (its id in canting registry list) was trained with')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: TrainingOpts) => {
      await withContext(opts.db, async (ctx) => {
        const job = await call(ctx, 'export.training', {
          facet: opts.facet,
          out: path.resolve(opts.out),
          include: opts.include,
          valFraction: Number(opts.val),
          seed: Number(opts.seed),
          force: opts.force ?? false,
          copy: opts.copy ?? false,
          version: opts.modelVersion === undefined ? undefined : Number(opts.modelVersion),
        });
        const r = exportOfFormat(await follow(ctx, job, opts.json ?? false), 'training');
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : describeTraining(r));
      });
    });
}
