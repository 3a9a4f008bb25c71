import path from 'node:path';
import type { Command } from 'commander';
import type { CallOutput } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import { call } from '../call.js';
import { withContext } from '../context.js';

const MATCH = ['file-name', 'path', 'sha256', 'identifier'] as const;
const ENCODINGS = ['utf-8', 'windows-1252'] as const;
/** Matched rows listed in the text output (unmatched, ambiguous and refused rows are always listed in full). */
const MATCHED_SHOWN = 50;

/** --map "Nomor Inventaris=identifier" (repeatable): the last "=" splits, so a heading may contain one. */
function collectMap(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.lastIndexOf('=');
  if (at <= 0 || at === value.length - 1) throw new ApiError('invalid_input', `--map takes column=field (e.g. "Judul=title"), not "${value}"`);
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1).trim() };
}

function oneOf<T extends string>(option: string, allowed: readonly T[], value: string | undefined): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new ApiError('invalid_input', `${option} is one of ${allowed.join(', ')}, not "${value}"`);
}

function describeImport(r: CallOutput<'metadata.import'>, csv: string): string {
  const lines = [
    `${r.dryRun ? 'Dry run, nothing written: ' : ''}${csv} (${r.encoding}), ${r.rows} row(s), photos matched by column "${r.keyColumn}"`,
    `Columns: ${r.columns.map((c) => `${c.column} → ${c.field}`).join(', ')}`,
    `Matched ${r.matched.length} row(s)`,
    ...r.matched.slice(0, MATCHED_SHOWN).map((m) => `  row ${m.line}: ${m.file}`),
  ];
  if (r.matched.length > MATCHED_SHOWN) lines.push(`  … and ${r.matched.length - MATCHED_SHOWN} more (--json lists every row)`);
  if (r.unmatched.length) lines.push(`Unmatched ${r.unmatched.length} row(s) (no photo):`, ...r.unmatched.map((u) => `  row ${u.line}: ${u.key}`));
  if (r.ambiguous.length) lines.push(`Ambiguous ${r.ambiguous.length} row(s) (several photos):`, ...r.ambiguous.map((a) => `  row ${a.line}: ${a.key} → ${a.files.join(', ')}`));
  if (r.problems.length) lines.push(`Cannot be applied ${r.problems.length} row(s):`, ...r.problems.map((p) => `  row ${p.line}: ${p.message}`));
  const verb = r.dryRun ? 'Would change' : 'Changed';
  lines.push(`${verb} ${r.fields} field(s), ${r.hints} label hint(s), ${r.reviewed} reviewed label(s)${r.skippedDecided ? `; ${r.skippedDecided} label(s) a person already decided left as they are` : ''}`);
  if (r.importId !== null) lines.push(`Import #${r.importId}; undo it with: canting metadata undo ${r.importId}`);
  return `${lines.join('\n')}\n`;
}

interface ImportOpts {
  db?: string;
  csv: string;
  match: string;
  keyColumn?: string;
  map?: Record<string, string>;
  encoding?: string;
  dryRun?: boolean;
  asReviewed?: boolean;
  validator?: string;
  json?: boolean;
}

interface XmpOpts {
  db?: string;
  out?: string;
  embed?: boolean;
  backup?: string;
  language?: string;
  json?: boolean;
}

/** `canting export xmp`, beside export csv/json (registered by exports.ts; this file adds the subcommand). */
function registerXmpExport(program: Command): void {
  const exp = program.commands.find((c) => c.name() === 'export') ?? program.command('export');
  exp
    .command('xmp')
    .description('Write reviewed labels (and the archive\'s title, description, identifier, place) as XMP for digiKam, Lightroom and photo managers: sidecars beside the originals, or in --out')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--out <dir>', 'write the sidecars into this folder, mirroring the import folders (not inside one)')
    .option('--embed', 'write into the original photos instead, each copied (and the copy verified) first')
    .option('--backup <dir>', 'where --embed copies the originals (default: a new folder beside the catalogue)')
    .option('--language <lang>', 'facet names in the keyword paths: id | en | both', 'id')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: XmpOpts) => {
      const language = oneOf('--language', ['id', 'en', 'both'] as const, opts.language);
      await withContext(opts.db, async (ctx) => {
        const r = await call(ctx, 'export.xmp', {
          out: opts.out ? path.resolve(opts.out) : null,
          backup: opts.backup ? path.resolve(opts.backup) : null,
          embed: opts.embed ?? false,
          language,
        });
        const where = r.embedded ? `into ${r.embedded} original(s); copies of them are in ${r.backup}` : `as sidecars ${r.out ? `in ${r.out}` : 'beside the originals'}`;
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : `Wrote XMP for ${r.written} photo(s) ${where}; ${r.skipped} photo(s) had nothing to write\n`);
      });
    });
}

/** `canting metadata`: the archive's existing spreadsheets onto imported photos. */
export function registerMetadata(program: Command): void {
  registerXmpExport(program);
  const metadata = program.command('metadata').description("Attach an archive's existing spreadsheet (identifiers, titles, descriptions, dates, places, labels) to imported photos");
  metadata
    .command('import')
    .description('Import a CSV catalogue, e.g. canting metadata import --csv katalog.csv --match file-name --map "No. Inventaris=identifier" --dry-run')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .requiredOption('--csv <file>', 'the spreadsheet, saved as CSV')
    .requiredOption('--match <key>', `how a row names its photo: ${MATCH.join(' | ')}`)
    .option('--key-column <name>', 'the column holding that key (default: a recognised heading such as "file", "nama file", "path", "sha256")')
    .option('--map <column=field>', 'fill a field from a column (repeat): identifier, title, description, date, place, label:<facet>; or column=ignore to leave a recognised column out', collectMap)
    .option('--encoding <name>', `${ENCODINGS.join(' | ')} (default: UTF-8 if the file is valid UTF-8, else Windows-1252)`)
    .option('--dry-run', 'list matched, unmatched and ambiguous rows; write nothing')
    .option('--as-reviewed', 'import labels as reviewed labels (signed by --validator) instead of hints')
    .option('--validator <name>', 'who vouches for labels imported with --as-reviewed')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: ImportOpts) => {
      const match = oneOf('--match', MATCH, opts.match)!;
      const encoding = oneOf('--encoding', ENCODINGS, opts.encoding);
      const csv = path.resolve(opts.csv);
      await withContext(opts.db, async (ctx) => {
        const r = await call(ctx, 'metadata.import', {
          csv,
          match,
          encoding,
          keyColumn: opts.keyColumn,
          map: opts.map,
          dryRun: opts.dryRun ?? false,
          asReviewed: opts.asReviewed ?? false,
          validator: opts.validator,
        });
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : describeImport(r, csv));
      });
    });
  metadata
    .command('undo <import>')
    .description('Undo one metadata import as a whole (values changed since are kept)')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--json', 'print the result as one JSON line')
    .action(async (id: string, opts: { db?: string; json?: boolean }) => {
      const importId = Number(id.replace(/^#/, ''));
      if (!Number.isInteger(importId) || importId <= 0) throw new ApiError('invalid_input', `The import to undo is its number (e.g. 3), not "${id}"`);
      await withContext(opts.db, async (ctx) => {
        const r = await call(ctx, 'metadata.undo', { importId });
        const kept = r.skipped.map((s) => `  photo #${s.imageId} ${s.field}: ${s.reason}\n`).join('');
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : `Undid import #${r.importId}: ${r.restored} value(s) restored${r.skipped.length ? `, ${r.skipped.length} kept:\n${kept}` : '\n'}`);
      });
    });
}
