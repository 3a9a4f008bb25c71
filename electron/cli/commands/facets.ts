import type { Command } from 'commander';
import type { CallOutput } from '../../common/contract/index.js';
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
}
