import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { MetadataImportInput, MetadataImportResult, MetadataPreview } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import type { z } from 'zod';
import { decide } from '../review/decide.js';
import { auditWriter, changedBy, newBatchId, signer, type Actor } from '../catalogue/audit.js';
import { decodeSheet } from './decode.js';
import { RECORD_FIELDS, resolveMapping, targetName } from './mapping.js';
import { mappingList, planImport, type ImportPlan } from './plan.js';
import { readSheet, type Sheet } from './sheet.js';
import { listFacets } from '../catalogue/facets.js';
import { fieldWriter, hintWriter } from './write.js';

const PREVIEW_ROWS = 10;
/** Rows named in a refusal's message; the dry run lists every one. */
const ROWS_IN_MESSAGE = 10;

function loadSheet(csv: string, encoding?: MetadataImportInput['encoding']): { sheet: Sheet; encoding: MetadataImportResult['encoding'] } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(csv);
  } catch (err) {
    throw new ApiError('not_found', `Cannot read the spreadsheet "${csv}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`).translated('sheetUnreadable', {
      path: csv,
    });
  }
  const decoded = decodeSheet(bytes, encoding);
  return { sheet: readSheet(decoded.text), encoding: decoded.encoding };
}

export function previewSheet(db: Database, input: { csv: string; encoding?: MetadataImportInput['encoding'] }): z.infer<typeof MetadataPreview> {
  const { sheet, encoding } = loadSheet(input.csv, input.encoding);
  const suggested = Object.fromEntries([...resolveMapping(db, sheet.headers)].map(([c, t]) => [c, targetName(t)]));
  return {
    encoding,
    headers: sheet.headers,
    rows: sheet.rows.slice(0, PREVIEW_ROWS).map((r) => r.cells),
    total: sheet.rows.length,
    suggested,
    fields: [...RECORD_FIELDS, ...listFacets(db).map((f) => `label:${f.key}`)],
  };
}

function refusal(plan: ImportPlan): ApiError | null {
  const reasons = [
    ...plan.problems.map((p) => ({ line: p.line, message: p.message })),
    ...plan.ambiguous.map((a) => ({ line: a.line, message: `"${a.key}" matches ${a.imageIds.length} photos` })),
  ].sort((a, b) => a.line - b.line);
  if (!reasons.length) return null;
  const rows = reasons
    .slice(0, ROWS_IN_MESSAGE)
    .map((r) => `row ${r.line}: ${r.message}`)
    .join('; ');
  const more = reasons.length > ROWS_IN_MESSAGE ? ` (and ${reasons.length - ROWS_IN_MESSAGE} more; --dry-run lists them all)` : '';
  return new ApiError('invalid_input', `Nothing was imported: ${reasons.length} row(s) cannot be applied: ${rows}${more}`, { problems: reasons }).translated('sheetRefused', {
    count: reasons.length,
    rows: rows + more,
  });
}

/**
 * Attach a spreadsheet's values to the photos its rows name, all or nothing:
 * any row that cannot be applied (see planImport) refuses the file before a
 * write. One transaction, one batch id for every audit entry, one
 * metadata_imports row that names them, so metadata.undo takes the whole
 * import back. Labels become hints unless asked to be reviewed labels, which
 * go through the review area's decide (so a person's decision is never
 * replaced, and each is audited and undoable like any decision).
 */
export function importMetadata(db: Database, input: MetadataImportInput, by?: Actor): MetadataImportResult {
  if (input.asReviewed && !input.validator && !by) {
    throw new ApiError('invalid_input', 'Labels imported as reviewed need the name of the validator who vouches for them (--validator NAME)').translated('sheetValidatorNeeded');
  }
  // A signed-in user vouches for the labels themselves (a typed name is ignored for them: no one signs as someone else).
  const actor: Actor = by ?? (input.asReviewed ? { name: signer(db, { validator: input.validator! }), userId: null } : changedBy(db));
  const { sheet, encoding } = loadSheet(input.csv, input.encoding);
  const plan = planImport(db, sheet, { match: input.match, map: input.map, keyColumn: input.keyColumn });
  const fileOf = db.prepare("SELECT r.path || '/' || i.rel_path FROM images i JOIN import_roots r ON r.id = i.root_id WHERE i.id = ?").pluck();
  const file = (id: number) => fileOf.get(id) as string;
  const base: MetadataImportResult = {
    importId: null,
    dryRun: !!input.dryRun,
    encoding,
    keyColumn: plan.keyColumn,
    columns: mappingList(plan),
    rows: sheet.rows.length,
    matched: plan.matched.map((m) => ({ line: m.line, imageId: m.imageId, file: file(m.imageId) })),
    unmatched: plan.unmatched,
    ambiguous: plan.ambiguous.map((a) => ({ line: a.line, key: a.key, files: a.imageIds.map(file) })),
    problems: plan.problems,
    fields: 0,
    hints: 0,
    reviewed: 0,
    skippedDecided: 0,
  };
  if (!input.dryRun) {
    const refused = refusal(plan);
    if (refused) throw refused;
  }

  const run = db.transaction((): MetadataImportResult => {
    const batchId = newBatchId();
    const at = new Date().toISOString();
    const importId = Number(
      db
        .prepare(
          `INSERT INTO metadata_imports (batch_id, source, encoding, match_by, mapping, actor, rows, matched, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(batchId, input.csv, encoding, input.match, JSON.stringify(base.columns), actor.name, sheet.rows.length, plan.matched.length, at).lastInsertRowid,
    );
    const audit = auditWriter(db);
    const writeField = fieldWriter(db, { importId, batchId, at, actor, audit });
    const writeHint = hintWriter(db, { importId, batchId, at, actor, audit });
    const result = { ...base, importId };
    const reviewedLabels = new Map<string, { facet: string; label: string; ids: number[] }>();
    const refusedLines = new Set(plan.problems.map((p) => p.line));
    for (const row of plan.matched) {
      if (refusedLines.has(row.line)) continue; // dry run only: a real import was refused above
      for (const f of row.fields) if (writeField(row.imageId, f)) result.fields++;
      for (const l of row.labels) {
        if (!input.asReviewed) {
          if (writeHint(row.imageId, l.facet.id, l.labelId)) result.hints++;
          continue;
        }
        const k = `${l.facet.key}\t${l.labelKey}`;
        const group = reviewedLabels.get(k) ?? { facet: l.facet.key, label: l.labelKey, ids: [] };
        group.ids.push(row.imageId);
        reviewedLabels.set(k, group);
      }
    }
    const decisions: string[] = [];
    for (const g of reviewedLabels.values()) {
      const r = decide(db, { facet: g.facet, ids: g.ids, action: 'label', label: g.label }, { validator: actor.name, userId: actor.userId });
      if (r.batchId) decisions.push(r.batchId);
      result.reviewed += r.changed;
      result.skippedDecided += r.skippedDecided;
    }
    db.prepare('UPDATE metadata_imports SET decisions = ? WHERE id = ?').run(JSON.stringify(decisions), importId);
    if (input.dryRun) throw new DryRun(result);
    return result;
  });
  try {
    return run.immediate();
  } catch (err) {
    // A dry run does every write it would do and rolls it back, so its counts are the real ones.
    if (err instanceof DryRun) return { ...err.result, importId: null };
    throw err;
  }
}

class DryRun extends Error {
  constructor(readonly result: MetadataImportResult) {
    super('dry run');
  }
}
