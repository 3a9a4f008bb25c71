import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';

/**
 * Images reach the page only through these calls, by image id: the page never
 * names a file, so it cannot read anything outside the catalogue's originals.
 */

export function thumbnail(db: Database, id: number): { mime: string; base64: string } {
  const row = db.prepare('SELECT mime, data FROM thumbnails WHERE image_id = ?').get(id) as { mime: string; data: Buffer } | undefined;
  if (row) return { mime: row.mime, base64: row.data.toString('base64') };
  const exists = db.prepare('SELECT 1 FROM images WHERE id = ?').get(id);
  throw new ApiError('not_found', exists ? `Image ${id} has no thumbnail yet` : `No image with id ${id}`);
}

interface Original {
  id: number;
  file_name: string;
  rel_path: string;
  root_id: number;
  root: string;
  missing: number;
}

/** Where an image's original should be, refusing a stored path that climbs out of its import root. */
export function originalPath(db: Database, id: number): { file: string; row: Original } {
  const row = db
    .prepare('SELECT i.id, i.file_name, i.rel_path, i.root_id, r.path AS root, i.missing FROM images i JOIN import_roots r ON r.id = i.root_id WHERE i.id = ?')
    .get(id) as Original | undefined;
  if (!row) throw new ApiError('not_found', `No image with id ${id}`);
  const root = path.resolve(row.root);
  const file = path.resolve(root, row.rel_path);
  if (file !== root && !file.startsWith(root + path.sep)) throw new ApiError('catalogue', `Image ${id} has a path outside its import folder`);
  return { file, row };
}

function setMissing(db: Database, id: number, missing: boolean): void {
  db.prepare('UPDATE images SET missing = ? WHERE id = ? AND missing <> ?').run(missing ? 1 : 0, id, missing ? 1 : 0);
}

/**
 * The original, re-encoded to fit maxSize (EXIF orientation applied). A file
 * that is gone is marked missing in the catalogue (so the grid flags it) and
 * answered with not_found and a relink hint; a file found again is unmarked.
 */
export async function fullImage(
  db: Database,
  id: number,
  maxSize: number,
  format: 'jpeg' | 'webp',
): Promise<{ mime: string; base64: string; width: number; height: number; originalWidth: number; originalHeight: number }> {
  const { file, row } = originalPath(db, id);
  if (!fs.existsSync(file)) {
    setMissing(db, id, true);
    throw new ApiError(
      'not_found',
      `The original of "${row.file_name}" is missing: it is no longer at "${row.rel_path}" in the import folder "${row.root}". ` +
        'Reconnect the drive, or relink the moved folder by importing it again; labels, notes and the thumbnail are kept.',
      { reason: 'missing_file', imageId: id, rootId: row.root_id },
    );
  }
  if (row.missing) setMissing(db, id, false);
  try {
    const image = sharp(file, { failOn: 'none' }).rotate();
    const meta = await image.metadata();
    const resized = image.resize(maxSize, maxSize, { fit: 'inside', withoutEnlargement: true });
    const { data, info } = await (format === 'webp' ? resized.webp({ quality: 85 }) : resized.jpeg({ quality: 88 })).toBuffer({ resolveWithObject: true });
    const rotated = (meta.orientation ?? 1) >= 5;
    return {
      mime: format === 'webp' ? 'image/webp' : 'image/jpeg',
      base64: data.toString('base64'),
      width: info.width,
      height: info.height,
      originalWidth: (rotated ? meta.height : meta.width) ?? info.width,
      originalHeight: (rotated ? meta.width : meta.height) ?? info.height,
    };
  } catch (err) {
    throw new ApiError('io', `Cannot read the original of "${row.file_name}": ${(err as Error).message}`);
  }
}
