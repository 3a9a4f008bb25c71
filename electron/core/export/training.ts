import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { TRAINING_STATUSES, type Facet, type TrainingExportResult } from '../../common/contract/index.js';
import { getFacet } from '../catalogue/facets.js';
import type { Column } from './columns.js';
import { writeCsvFile } from './csv.js';
import { iterateRecords, resolveFilter, type ImageRecord } from './records.js';
import { stratifiedGroupSplit } from '../split.js';
import { versionSplit } from './version-split.js';
import { checkOutput, writeAtomically } from './target.js';

/**
 * Training-data export: reviewed labels of one facet as
 *   DIR/train/<label>/<file>, DIR/val/<label>/<file>
 * (and DIR/eval/<label>/<file> for a version's evaluation set, below)
 * (the layout Keras `image_dataset_from_directory` and most trainers read),
 * plus DIR/manifest.csv and DIR/README.md. Every exported label gets a folder
 * in both splits, even an empty one, so trainers infer the same class list
 * for train and val.
 *
 * File names are the first 12 hex digits of the content hash, "_", and the
 * original file name made safe for every file system; should two ever meet
 * in one folder, the full hash is used instead, so names cannot collide.
 * Originals are hard-linked when the target is on the same disk (no extra
 * space) and copied otherwise; either way the content is checked against the
 * catalogue's sha256 first, and files that are gone or changed since import
 * are skipped and listed in the README rather than exported under a label a
 * validator gave to different content.
 */
export const DEFAULT_INCLUDE = TRAINING_STATUSES;
export const DEFAULT_VAL = 0.2;
export const DEFAULT_SEED = 42;

/** train/val as the split gives them; eval only for a version's recorded evaluation set. */
export type Split = 'train' | 'val' | 'eval';

export interface TrainingRequest {
  db: Database;
  cataloguePath: string;
  appVersion: string;
  facet: string;
  out: string;
  include?: readonly string[];
  valFraction?: number;
  seed?: number;
  force?: boolean;
  /** false: always copy, never hard-link. */
  link?: boolean;
  /**
   * A trained version of the facet (models.id): export exactly the images it
   * was trained, validated and evaluated on, on the sides it had them, instead
   * of a new split (valFraction and seed do not apply).
   */
  version?: number;
}

export interface TrainingItem {
  record: ImageRecord;
  label: string;
  split: Split;
  /** Path inside the export, forward slashes: train/kawung/…jpg */
  file: string;
  source: string;
}

export interface SkippedItem {
  imageId: number;
  source: string;
  reason: 'missing' | 'changed' | 'unreadable';
}

export interface PreparedTraining {
  target: string;
  facet: Facet;
  include: string[];
  valFraction: number;
  seed: number;
  /** The version whose recorded split was replayed, if any. */
  version: { id: number; name: string; notInCatalogue: number; hasEvaluation: boolean } | null;
  link: boolean;
  force: boolean;
  items: TrainingItem[];
  skipped: SkippedItem[];
  cataloguePath: string;
  appVersion: string;
}

/** The contract's TrainingExportResult: the job's result, as the interface and the CLI read it. */
export type TrainingResult = TrainingExportResult;

/** File operations, replaceable in tests to simulate failures. */
export interface FileOps {
  read(src: string): Promise<Buffer>;
  link(src: string, dst: string): Promise<void>;
  write(dst: string, data: Buffer): Promise<void>;
}

export const realFileOps: FileOps = {
  read: (src) => fs.promises.readFile(src),
  link: (src, dst) => fs.promises.link(src, dst),
  write: (dst, data) => fs.promises.writeFile(dst, data, { flag: 'wx' }),
};

// Errors that mean "hard links are not possible here", not "the export failed".
const NO_LINK = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EACCES']);

export function checkInclude(include: readonly string[]): string[] {
  if (!include.length) throw new ApiError('invalid_input', `--include needs at least one of: ${TRAINING_STATUSES.join(', ')}`);
  for (const s of include) {
    if (s === 'rejected') throw new ApiError('invalid_input', 'Rejected images are never exported as training data; include corrected and/or validated');
    if (s === 'predicted' || s === 'unreviewed') {
      throw new ApiError('invalid_input', `Only labels a validator reviewed can be exported as training data ("${s}" is not reviewed); include corrected and/or validated`);
    }
    if (!(TRAINING_STATUSES as readonly string[]).includes(s)) {
      throw new ApiError('invalid_input', `Unknown status "${s}". Training data can include: ${TRAINING_STATUSES.join(', ')}`);
    }
  }
  return [...new Set(include)];
}

/** Remove characters some file systems refuse; keep the extension; cap the length. */
export function safeFileName(name: string): string {
  let clean = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_')
    .replace(/[. ]+$/, '')
    .trim();
  if (!clean || clean === '.' || clean === '..') clean = 'image';
  const max = 120;
  if (clean.length > max) {
    const ext = path.extname(clean).slice(0, 10);
    clean = clean.slice(0, max - ext.length) + ext;
  }
  return clean;
}

export function prepareTrainingExport(req: TrainingRequest): PreparedTraining {
  const facet = getFacet(req.db, req.facet);
  const include = checkInclude(req.include ?? DEFAULT_INCLUDE);
  const valFraction = req.valFraction ?? DEFAULT_VAL;
  if (!(valFraction >= 0 && valFraction < 1)) throw new ApiError('invalid_input', `--val must be at least 0 and below 1 (a fraction such as 0.2), not ${valFraction}`);
  const seed = req.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ApiError('invalid_input', `--seed must be a whole number from 0 to 4294967295, not ${seed}`);
  const target = checkOutput({ db: req.db, cataloguePath: req.cataloguePath, out: req.out, kind: 'folder', force: req.force ?? false });

  if (req.version !== undefined && !(Number.isInteger(req.version) && req.version > 0)) {
    throw new ApiError('invalid_input', `--model-version must be a model version's id (a whole number, see canting registry list), not ${req.version}`);
  }
  const recorded = req.version === undefined ? null : versionSplit(req.db, facet, req.version);
  const filter = resolveFilter(req.db, { facet: facet.key, statuses: include });
  const usable: { record: ImageRecord; label: string; source: string }[] = [];
  const skipped: SkippedItem[] = [];
  for (const record of iterateRecords(req.db, filter)) {
    const state = record.facets[facet.key];
    if (!state.finalLabel) continue;
    if (recorded && !recorded.sides.has(record.sha256)) continue;
    const source = path.join(record.rootPath, ...record.relPath.split('/'));
    if (record.missing || !fs.existsSync(source)) skipped.push({ imageId: record.id, source, reason: 'missing' });
    else usable.push({ record, label: state.finalLabel, source });
  }
  if (!usable.length) {
    throw new ApiError(
      'invalid_input',
      `Nothing to export: no image of facet "${facet.key}" is ${include.join(' or ')}${skipped.length ? ` with its file in place (${skipped.length} file(s) missing)` : ''}. Review some images first.`,
    );
  }

  const sideOf = recorded ? recorded.sides : newSplit(facet, usable, valFraction, seed);
  if (recorded && !usable.some((u) => sideOf.has(u.record.sha256))) {
    throw new ApiError('invalid_input', `Nothing to export: none of the images ${recorded.name} was trained on is ${include.join(' or ')} in this catalogue with its file in place`);
  }
  const used = new Set<string>();
  // With a version, reviewed images it did not use are left out: the export is what it trained on.
  const items = usable.filter((u) => sideOf.has(u.record.sha256)).map((u): TrainingItem => {
    const side = sideOf.get(u.record.sha256)!;
    const name = safeFileName(u.record.fileName);
    let file = `${side}/${u.label}/${u.record.sha256.slice(0, 12)}_${name}`;
    if (used.has(file.toLowerCase())) file = `${side}/${u.label}/${u.record.sha256}_${name}`;
    used.add(file.toLowerCase());
    return { record: u.record, label: u.label, split: side, file, source: u.source };
  });
  const version = recorded
    ? { id: req.version!, name: recorded.name, notInCatalogue: recorded.sides.size - items.length, hasEvaluation: recorded.hasEvaluation }
    : null;
  return { target, facet, include, valFraction, seed, version, link: req.link ?? true, force: req.force ?? false, items, skipped, cataloguePath: req.cataloguePath, appVersion: req.appVersion };
}

/**
 * A new split of the usable items by the rule training uses. Items go in
 * content-hash order, so the same reviewed images, fraction and seed give the
 * same split in any catalogue, whatever its image ids.
 */
function newSplit(facet: Facet, usable: readonly { record: ImageRecord; label: string }[], valFraction: number, seed: number): Map<string, Split> {
  const sorted = [...usable].sort((a, b) => (a.record.sha256 < b.record.sha256 ? -1 : a.record.sha256 > b.record.sha256 ? 1 : 0));
  const labelIndex = new Map(facet.labels.map((l, i) => [l.key, i]));
  const { validation } = stratifiedGroupSplit(
    sorted.map((u) => ({ label: labelIndex.get(u.label) ?? -1, group: u.record.dupGroup })),
    { validationFraction: valFraction, seed },
  );
  const inVal = new Set(validation);
  return new Map(sorted.map((u, i) => [u.record.sha256, inVal.has(i) ? 'val' : 'train']));
}

export interface TrainingHooks {
  /** Called before each file; may throw to abort (cancellation). */
  beforeFile?: () => void;
  progress?: (p: { found: number; done: number; skipped: number }) => void;
}

interface ReviewedPrediction {
  label: string | null;
  modelVersion: string | null;
}

export async function runTrainingExport(db: Database, prepared: PreparedTraining, hooks: TrainingHooks = {}, ops: FileOps = realFileOps): Promise<TrainingResult> {
  const { facet, items } = prepared;
  const skipped = [...prepared.skipped];
  // The prediction the validator saw when deciding (falls back to the current one).
  const reviewed = db.prepare(
    `SELECT l.key AS label, m.version AS modelVersion FROM reviews r JOIN predictions p ON p.id = r.prediction_id
     LEFT JOIN labels l ON l.id = p.label_id LEFT JOIN models m ON m.id = p.model_id WHERE r.image_id = ? AND r.facet_id = ?`,
  );
  const labels = [...new Set(items.map((i) => i.label))].sort();
  let linked = 0;
  let copied = 0;

  return writeAtomically(prepared.target, 'folder', async (tmp) => {
    const sides = prepared.version?.hasEvaluation ? ['train', 'val', 'eval'] : ['train', 'val'];
    for (const split of sides) for (const label of labels) fs.mkdirSync(path.join(tmp, split, label), { recursive: true });
    let canLink = prepared.link;
    const done: TrainingItem[] = [];
    hooks.progress?.({ found: items.length + skipped.length, done: 0, skipped: skipped.length });
    for (const item of items) {
      hooks.beforeFile?.();
      let data: Buffer;
      try {
        data = await ops.read(item.source);
      } catch {
        skipped.push({ imageId: item.record.id, source: item.source, reason: 'unreadable' });
        continue;
      }
      if (crypto.createHash('sha256').update(data).digest('hex') !== item.record.sha256) {
        skipped.push({ imageId: item.record.id, source: item.source, reason: 'changed' });
        continue;
      }
      const dst = path.join(tmp, ...item.file.split('/'));
      if (canLink) {
        try {
          await ops.link(item.source, dst);
          linked++;
        } catch (err) {
          if (!NO_LINK.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
          canLink = false;
        }
      }
      if (!canLink) {
        await ops.write(dst, data);
        copied++;
      }
      done.push(item);
      hooks.progress?.({ found: items.length + prepared.skipped.length, done: done.length, skipped: skipped.length });
    }
    if (!done.length) throw new ApiError('invalid_input', 'Nothing to export: every selected file is missing, unreadable or changed since import');

    const rows = done.map((item) => {
      const state = item.record.facets[facet.key];
      const seen = (reviewed.get(item.record.id, facet.id) as ReviewedPrediction | undefined) ?? { label: state.predictedLabel, modelVersion: state.modelVersion };
      return { item, state, seen };
    });
    type Row = (typeof rows)[number];
    const columns: Column<Row>[] = [
      { header: 'file', value: (r) => r.item.file },
      { header: 'label', value: (r) => r.item.label },
      { header: 'split', value: (r) => r.item.split },
      { header: 'sha256', value: (r) => r.item.record.sha256 },
      { header: 'source', value: (r) => r.item.source },
      { header: 'status', value: (r) => r.state.status },
      { header: 'validator', value: (r) => r.state.validator },
      { header: 'validated_at', value: (r) => r.state.decidedAt },
      { header: 'original_prediction', value: (r) => r.seen.label },
      { header: 'model_version', value: (r) => r.seen.modelVersion },
      { header: 'image_id', value: (r) => r.item.record.id },
      { header: 'dup_group', value: (r) => r.item.record.dupGroup },
    ];
    // No BOM: this file is read by scripts (pandas, csv modules), not spreadsheets.
    await writeCsvFile(path.join(tmp, 'manifest.csv'), columns, rows, { bom: false });

    const perLabel: Record<string, { train: number; val: number; eval?: number }> = {};
    for (const label of labels) perLabel[label] = prepared.version?.hasEvaluation ? { train: 0, val: 0, eval: 0 } : { train: 0, val: 0 };
    for (const item of done) perLabel[item.label][item.split] = (perLabel[item.label][item.split] ?? 0) + 1;
    const result: TrainingResult = {
      format: 'training',
      out: prepared.target,
      facet: facet.key,
      train: done.filter((i) => i.split === 'train').length,
      val: done.filter((i) => i.split === 'val').length,
      eval: done.filter((i) => i.split === 'eval').length,
      perLabel,
      skipped,
      linked,
      copied,
      seed: prepared.seed,
      valFraction: prepared.valFraction,
      include: prepared.include,
      version: prepared.version?.name ?? null,
    };
    await fs.promises.writeFile(path.join(tmp, 'README.md'), trainingReadme(prepared, result), { flag: 'wx' });
    return result;
  }, { force: prepared.force });
}

function countsTable(r: TrainingResult, name: (key: string) => string, withEval: boolean): string[] {
  const cells = (c: { train: number; val: number; eval?: number }) => [c.train, c.val, ...(withEval ? [c.eval ?? 0] : []), c.train + c.val + (c.eval ?? 0)].join(' | ');
  return [
    `| label | name | train | val |${withEval ? ' eval |' : ''} total |`,
    `| --- | --- | ---: | ---: |${withEval ? ' ---: |' : ''} ---: |`,
    ...Object.entries(r.perLabel).map(([key, c]) => `| ${key} | ${name(key)} | ${cells(c)} |`),
    `| **all** | | ${cells({ train: r.train, val: r.val, eval: r.eval })} |`,
  ];
}

function trainingReadme(prepared: PreparedTraining, r: TrainingResult): string {
  const { facet } = prepared;
  const name = (key: string) => facet.labels.find((l) => l.key === key)?.name ?? key;
  const lines = [
    `# Training data: ${facet.nameEn} (${facet.key})`,
    '',
    `Exported by Canting ${prepared.appVersion} on ${new Date().toISOString()} from the catalogue ${prepared.cataloguePath}.`,
    '',
    `- Labels: images whose ${facet.key} label a validator reviewed, with status ${r.include.join(' or ')}. Rejected images are never exported.`,
    prepared.version
      ? `- Split: exactly the one version ${prepared.version.name} was trained with, as the version recorded it (by content hash): \`train/\` it trained on, \`val/\` its held-out validation images${prepared.version.hasEvaluation ? ', `eval/` the evaluation set it was never trained on' : ' (this version recorded no evaluation set)'}. Labels are today's reviewed labels.${prepared.version.notInCatalogue ? ` ${prepared.version.notInCatalogue} image(s) of the version are not ${r.include.join(' or ')} here any more and are not exported.` : ''}`
      : `- Split: stratified by label, validation fraction ${r.valFraction}, seed ${r.seed}; near-duplicate groups are kept on one side (the rule training uses). The same catalogue state and seed give the same split.`,
    '- Layout: `train/<label>/` and `val/<label>/` (as read by Keras `image_dataset_from_directory`); every label has a folder in each split.',
    `- Files: named \`<first 12 hex digits of sha256>_<original name>\`; ${r.linked} hard-linked to the originals (do not edit them in place), ${r.copied} copied. Contents were checked against the catalogue's sha256.`,
    '- `manifest.csv`: file, label, split, sha256, source (original path), status, validator, validated_at, original_prediction (what the model said when the validator decided), model_version, image_id, dup_group.',
    '',
    '## Counts',
    '',
    ...countsTable(r, name, Boolean(prepared.version?.hasEvaluation)),
    '',
  ];
  if (r.skipped.length) {
    lines.push(`## Skipped (${r.skipped.length})`, '', 'Reviewed but not exported: the file is missing, unreadable, or changed since import (its content no longer matches what was reviewed).', '');
    for (const s of r.skipped.slice(0, 200)) lines.push(`- image ${s.imageId}: ${s.reason}: ${s.source}`);
    if (r.skipped.length > 200) lines.push(`- … and ${r.skipped.length - 200} more`);
    lines.push('');
  }
  return lines.join('\n');
}
