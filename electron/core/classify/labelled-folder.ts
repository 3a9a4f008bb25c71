import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../common/errors.js';
import { labelKey } from '../catalogue/facets.js';

const IMAGE_EXT = /\.(jpe?g|png|webp|tiff?|gif|avif|heic|heif)$/i;

export interface LabelledFile {
  file: string;
  /** Index into the label list given. */
  label: number;
}

/**
 * A folder with one sub-folder per class → files with label indices. Folder
 * names match labels case- and separator-insensitively (labelKey), so
 * `mega_mendung`, `megamendung` and `Mega Mendung` are the same class.
 * Sub-folders that match no label are refused, not silently skipped.
 */
export function readLabelledFolder(dir: string, labels: readonly string[]): LabelledFile[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ApiError('invalid_input', `Not a folder: ${dir}`);
  const keys = labels.map(labelKey);
  const subdirs = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  if (!subdirs.length) throw new ApiError('invalid_input', `${dir} has no sub-folders; it needs one sub-folder per class`);
  const unknown = subdirs.filter((s) => !keys.includes(labelKey(s)));
  if (unknown.length) {
    throw new ApiError('invalid_input', `Sub-folder(s) ${unknown.map((u) => `"${u}"`).join(', ')} match no label of the model (${labels.join(', ')})`);
  }
  const out: LabelledFile[] = [];
  for (const sub of subdirs) {
    const label = keys.indexOf(labelKey(sub));
    const files = fs
      .readdirSync(path.join(dir, sub))
      .filter((f) => IMAGE_EXT.test(f))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const f of files) out.push({ file: path.join(dir, sub, f), label });
  }
  if (!out.length) throw new ApiError('invalid_input', `${dir} has no images in its sub-folders`);
  return out;
}
