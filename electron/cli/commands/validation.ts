import type { Command } from 'commander';
import type { AgreementReport } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import { withContext } from '../context.js';
import { call } from '../call.js';

const ids = (v: string) =>
  v.split(',').map((s) => {
    if (!/^\d+$/.test(s.trim())) throw new ApiError('invalid_input', `--ids takes image ids separated by commas, not "${s}"`);
    return Number(s.trim());
  });

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const kappa = (x: number | null) => (x === null ? '–' : x.toFixed(3));

function agreementText(r: AgreementReport): string {
  const lines = [`${r.facet}: ${r.requiredValidations} validation(s) required; ${r.openDisputes} open dispute(s)`];
  lines.push(`overall\t${r.overall.items} image(s)\t${r.overall.agreed} agreed\t${pct(r.overall.percentAgreement)}\tkappa ${kappa(r.overall.kappa)}`);
  for (const p of r.pairs) lines.push(`${p.a} / ${p.b}\t${p.items} image(s)\t${p.agreed} agreed\t${pct(p.percentAgreement)}\tkappa ${kappa(p.kappa)}`);
  return `${lines.join('\n')}\n`;
}

/** `canting review resolve`, `canting agreement`, `canting queue`: layered validation from the command line (through dispatch). */
export function registerValidation(program: Command): void {
  const review = program.command('review').description('Layered validation: resolve disputed images');
  review
    .command('resolve')
    .description('An expert settles disputed images, e.g. canting review resolve --facet motif --ids 12,40 --label parang (signed with the catalogue’s validator name)')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet')
    .requiredOption('--ids <list>', 'disputed image ids, comma-separated', ids)
    .option('--label <label>', 'the label they get')
    .option('--reject', 'mark them not usable instead')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { db?: string; facet: string; ids: number[]; label?: string; reject?: boolean; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        if (!opts.label === !opts.reject) throw new ApiError('invalid_input', 'Give either --label or --reject');
        const r = await call(ctx, 'validation.resolve', { facet: opts.facet, ids: opts.ids, action: opts.reject ? 'reject' : 'label', label: opts.label });
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : `Resolved ${r.resolved} image(s); undo with: canting undo --batch ${r.batchId}\n`);
      });
    });

  program
    .command('agreement')
    .description('Agreement between validators of a facet: per pair, counts, percent agreement and Cohen’s kappa')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { db?: string; facet: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const r = await call(ctx, 'validation.agreement', { facet: opts.facet });
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : agreementText(r));
      });
    });

  const queue = program.command('queue').description('Work queues: a folder or saved filter assigned to a validator');
  queue
    .command('assign <validator>')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--facet <key>', 'facet')
    .option('--folder <path>', 'folder inside the import root(s)')
    .option('--filter <json>', 'a saved review grid filter, as JSON')
    .option('--json', 'print the queue as JSON')
    .action(async (assignee: string, opts: { db?: string; facet: string; folder?: string; filter?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        let filter: Record<string, unknown> | undefined;
        try {
          filter = opts.filter === undefined ? undefined : (JSON.parse(opts.filter) as Record<string, unknown>);
        } catch {
          throw new ApiError('invalid_input', `--filter is not JSON: ${opts.filter}`);
        }
        const q = await call(ctx, 'queue.assign', { facet: opts.facet, assignee, folder: opts.folder, filter });
        process.stdout.write(opts.json ? `${JSON.stringify(q)}\n` : `Queue ${q.id}: ${q.assignee}, ${q.total} image(s)\n`);
      });
    });
  queue
    .command('list')
    .option('--db <file>', 'catalogue file')
    .option('--validator <name>', 'only this person’s queues')
    .option('--json', 'print the queues as JSON')
    .action(async (opts: { db?: string; validator?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const qs = await call(ctx, 'queue.list', { assignee: opts.validator });
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(qs)}\n`
            : qs.map((q) => `${q.id}\t${q.assignee}\t${q.facet}\t${q.folder ?? JSON.stringify(q.filter)}\t${q.done}/${q.total}\n`).join(''),
        );
      });
    });
}
