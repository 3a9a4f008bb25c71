import type { Command } from 'commander';
import type { CallOutput } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import { call } from '../call.js';
import { withContext } from '../context.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function describe(f: CallOutput<'facet.create'>): string {
  return `${f.key}\t${f.nameId} / ${f.nameEn}\t${f.labels.map((l) => l.name).join(', ')}${f.activeModel ? `\t(model ${f.activeModel})` : ''}`;
}

/**
 * `canting facet`: the catalogue's vocabularies. A facet is a label set
 * images are described by (motif, tema, or an archive's own: origin,
 * technique…); a new one gets its first model once every label has 5
 * reviewed examples.
 */
export function registerFacets(program: Command): void {
  const facet = program.command('facet').description('List, create and extend facets (label sets); rename labels');
  facet
    .command('list')
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print the facets as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const facets = await call(ctx, 'facet.list', {});
        process.stdout.write(opts.json ? `${JSON.stringify(facets)}\n` : facets.map((f) => `${describe(f)}\n`).join(''));
      });
    });
  facet
    .command('create <key>')
    .description('Create a facet, e.g. canting facet create teknik --name-id Teknik --name-en Technique --label Tulis --label Cap --label Printing')
    .option('--db <file>', 'catalogue file')
    .requiredOption('--name-id <name>', 'its name in Bahasa Indonesia')
    .requiredOption('--name-en <name>', 'its name in English')
    .requiredOption('--label <name>', 'a label, in order (repeat; at least two)', collect)
    .option('--json', 'print the new facet as JSON')
    .action(async (key: string, opts: { db?: string; nameId: string; nameEn: string; label: string[]; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const created = await call(ctx, 'facet.create', { key, nameId: opts.nameId, nameEn: opts.nameEn, labels: opts.label });
        process.stdout.write(opts.json ? `${JSON.stringify(created)}\n` : `Created ${describe(created)}\n`);
      });
    });
  facet
    .command('add-label <facet> <name>')
    .description('Add a label at the end of a facet')
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print the facet as JSON')
    .action(async (key: string, name: string, opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const updated = await call(ctx, 'facet.addLabel', { facet: key, name });
        process.stdout.write(opts.json ? `${JSON.stringify(updated)}\n` : `${describe(updated)}\n`);
      });
    });
  facet
    .command('rename-label <facet> <label> <name>')
    .description('Rename a label (its key stays, so models, predictions and reviews keep it), e.g. canting facet rename-label motif "Mega Mendng" "Mega Mendung"')
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print the facet as JSON')
    .action(async (key: string, label: string, name: string, opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const updated = await call(ctx, 'facet.renameLabel', { facet: key, label, name });
        process.stdout.write(opts.json ? `${JSON.stringify(updated)}\n` : `${describe(updated)}\n`);
      });
    });
  facet
    .command('set <key>')
    .description('Layered validation: how many different people must agree on a label (1 or 2), and whether the second decides blind, e.g. canting facet set motif --required-validations 2 --blind')
    .option('--db <file>', 'catalogue file')
    .option('--required-validations <n>', '1 (one decision settles a label) or 2 (two people must agree)')
    .option('--blind', 'the second validator does not see the first one’s label')
    .option('--no-blind', 'the second validator sees the first one’s label')
    .option('--json', 'print the result as JSON')
    .action(async (key: string, opts: { db?: string; requiredValidations?: string; blind?: boolean; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const n = opts.requiredValidations;
        if (n !== undefined && n !== '1' && n !== '2') throw new ApiError('invalid_input', `--required-validations is 1 or 2, not "${n}"`);
        if (n === undefined && opts.blind === undefined) throw new ApiError('invalid_input', 'Give --required-validations and/or --blind / --no-blind');
        const r = await call(ctx, 'validation.setPolicy', { facet: key, requiredValidations: n === undefined ? undefined : n === '2' ? 2 : 1, blind: opts.blind });
        const settled = r.settled ? `; ${r.settled} image(s) awaiting a second validation are now settled by their one vote` : '';
        process.stdout.write(
          opts.json ? `${JSON.stringify(r)}\n` : `${r.facet}: ${r.requiredValidations} validation(s) required${r.blind ? ', blind' : ''}${settled}\n`,
        );
      });
    });
}
