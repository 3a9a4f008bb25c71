import path from 'node:path';
import type { Command } from 'commander';
import { ApiError } from '../../common/errors.js';
import type { AppContext } from '../../core/app/context.js';
import type { FirstModelOutcome } from '../../core/workflows/first-model.js';
import { call } from '../call.js';
import { withContext } from '../context.js';
import { statuses } from '../options.js';

/**
 * Review from the command line, for archives whose folders already say what
 * is in them ("box 12/kawung"): label every image under a folder in one
 * decision (one audit batch, one undo step, recorded under a validator's
 * name like any decision in the app), and undo such a batch.
 */

interface LabelOptions {
  db?: string;
  facet: string;
  label: string;
  folder?: string;
  root?: number;
  status?: string[];
  validator?: string;
  overwriteDecided?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** A path as the user can paste it back into a shell. */
const shellQuoted = (p: string) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`);

function wholeNumber(option: string): (v: string) => number {
  return (v) => {
    if (!/^\d+$/.test(v)) throw new ApiError('invalid_input', `${option} must be a whole number, not "${v}"`);
    return Number(v);
  };
}

/**
 * Wait for the first model a decision started (the process must not exit
 * under it), saying so; what became of it, or null if none was due.
 */
async function firstModel(ctx: AppContext, facet: string, say: boolean): Promise<FirstModelOutcome | null> {
  const finished = ctx.firstModels.outcomes.get(facet);
  if (!finished) return null;
  if (say) process.stdout.write(`Every label of "${facet}" now has enough examples: training its first model, then predicting the other images…\n`);
  const outcome = await finished;
  if (say) {
    process.stdout.write(
      outcome.error === null
        ? `First model ${outcome.version} is active and has classified the images nobody labelled\n`
        : `The first model did not finish${outcome.version ? ` (${outcome.version} is active)` : ''}: ${outcome.error}\n`,
    );
  }
  return outcome;
}

export function registerReview(program: Command): void {
  program
    .command('label')
    .description('Label every image under a folder (or import root) for a facet, as one decision the app can undo')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .requiredOption('--facet <key>', 'facet')
    .requiredOption('--label <label>', 'label key or display name of the facet')
    .option('--folder <path>', 'folder inside the import root(s), forward slashes, or its absolute path on disk; that folder and everything below it')
    .option('--root <id>', 'only this import root (see `canting roots`)', wholeNumber('--root'))
    .option('--status <status...>', 'only images in these review states (e.g. unreviewed predicted)')
    .option('--validator <name>', 'who the decisions are recorded under (default: the catalogue’s validator name)')
    .option('--overwrite-decided', 'also relabel images a person already corrected, validated or rejected (default: leave them as they are)')
    .option('--dry-run', 'count what would change, change nothing')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: LabelOptions) => {
      await withContext(opts.db, async (ctx) => {
        if (opts.folder === undefined && opts.root === undefined) {
          throw new ApiError('invalid_input', 'Give --folder and/or --root: labelling a whole catalogue at once is almost always a mistake');
        }
        if (opts.root !== undefined && !(await call(ctx, 'import.roots', {})).some((r) => r.id === opts.root)) {
          throw new ApiError('not_found', `No import root ${opts.root}; \`canting roots --db …\` lists them`);
        }
        // An absolute --folder (a folder on disk) names its import folder and the path below it.
        const absolute = opts.folder !== undefined && path.isAbsolute(opts.folder);
        const located = absolute ? await call(ctx, 'review.locateFolder', { path: opts.folder! }) : null;
        if (absolute && !located) {
          throw new ApiError('not_found', `"${opts.folder}" is not inside any import folder of this catalogue; \`canting roots --db …\` lists them`);
        }
        if (located && opts.root !== undefined && opts.root !== located.rootId) {
          throw new ApiError('invalid_input', `"${opts.folder}" lies in import root ${located.rootId}, not in --root ${opts.root}`);
        }
        const folder = located ? located.folder || null : (opts.folder ?? null);
        const filter = { folder, rootId: located?.rootId ?? opts.root ?? null, statuses: statuses(opts.status) };
        const { ids } = await call(ctx, 'review.ids', { facet: opts.facet, filter, sort: 'fileName' });
        if (!ids.length) {
          const where = opts.folder !== undefined && !located ? ' (--folder is the path below an import folder, e.g. "kawung", or a folder\'s absolute path)' : '';
          throw new ApiError('not_found', `No image of facet "${opts.facet}" matches${opts.folder !== undefined ? ` folder "${opts.folder}"` : ''}${opts.root !== undefined ? ` in root ${opts.root}` : ''}${filter.statuses ? ` with status ${filter.statuses.join(' or ')}` : ''}${where}`);
        }
        // The core checks the label and who signs (--validator, else the catalogue's validator name), dry run included.
        // As in the app's bulk actions, decisions people made stay unless asked for (--overwrite-decided).
        const r = await call(ctx, 'review.decide', {
          facet: opts.facet,
          ids,
          action: 'label',
          label: opts.label,
          validator: opts.validator,
          overwriteDecided: opts.overwriteDecided === true,
          dryRun: opts.dryRun === true,
        });
        const validator = opts.validator?.trim() || (await call(ctx, 'settings.get', {})).validator;
        const kept = r.skippedDecided
          ? ` (${r.skippedDecided} already decided by a person ${opts.dryRun ? 'would be' : 'were'} left alone; --overwrite-decided relabels them too)`
          : '';
        if (opts.dryRun) {
          const out = { dryRun: true, matched: ids.length, changed: r.changed, unchanged: r.unchanged, skippedDecided: r.skippedDecided, label: opts.label, validator };
          process.stdout.write(
            opts.json ? `${JSON.stringify(out)}\n` : `${ids.length} image(s) match; ${r.changed} would be labelled "${opts.label}" by ${validator}${kept}; nothing changed\n`,
          );
          return;
        }
        if (!opts.json) {
          process.stdout.write(`Labelled ${r.changed} of ${ids.length} image(s) "${opts.label}" as ${validator} (${r.unchanged} already had it)${kept}\n`);
          if (r.batchId) process.stdout.write(`Undo: canting undo --batch ${r.batchId}${opts.db ? ` --db ${shellQuoted(opts.db)}` : ''} (or from the image history in the app)\n`);
        }
        // As in the app: a new facet gets its first model once every label has enough examples (the decision started it).
        const first = r.changed ? await firstModel(ctx, opts.facet, !opts.json) : null;
        const out = { matched: ids.length, changed: r.changed, unchanged: r.unchanged, skippedDecided: r.skippedDecided, batchId: r.batchId, label: opts.label, validator, firstModel: first };
        if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      });
    });
  program
    .command('undo')
    .description('Undo one decision batch (e.g. from `canting label`); images changed since are left alone')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .requiredOption('--batch <id>', 'the batch id a decision printed')
    .option('--validator <name>', 'who the undo is recorded under (default: the catalogue’s validator name)')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: { db?: string; batch: string; validator?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const r = await call(ctx, 'review.undo', { batchId: opts.batch, validator: opts.validator });
        if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else {
          process.stdout.write(`Undid ${r.changed} decision(s)\n`);
          for (const s of r.skipped) process.stdout.write(`  left alone: image ${s.id}: ${s.reason}\n`);
        }
      });
    });
}
