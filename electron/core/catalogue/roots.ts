import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ImportRoot } from '../../common/contract/index.js';

/**
 * Which import_roots rows are import folders of the catalogue: those holding
 * an imported image, and those an import was asked for as a folder (even
 * when none of its files could be read, so its errors stay with it).
 *
 * Importing one file registers the file's folder as its root at once (the
 * queue row needs one, to be resumed and to report a failure with its path),
 * but that folder was never chosen: until the file is actually imported as an
 * image the row is only the anchor of that queue row. It is listed nowhere
 * and keeps no export out ("/etc · 0 gambar" appeared after importing
 * /etc/passwd, and exports into /etc were refused). A single file's path is
 * never its folder's, so this holds for catalogues from before too.
 */
export const IS_IMPORT_FOLDER = `(EXISTS (SELECT 1 FROM images i WHERE i.root_id = r.id)
  OR r.path IN (SELECT p.value FROM import_jobs j, json_each(j.params, '$.paths') p))`;

/** The catalogue's import folders (see IS_IMPORT_FOLDER), by path. */
export function importFolders(db: Database): { id: number; path: string }[] {
  return db.prepare(`SELECT r.id, r.path FROM import_roots r WHERE ${IS_IMPORT_FOLDER} ORDER BY r.path`).all() as { id: number; path: string }[];
}

/**
 * The import folder an absolute path lies in, with the path below it in the
 * grid's form (forward slashes, '' for the folder itself); the innermost one
 * where import folders nest. null outside every import folder.
 */
export function locateInImportFolder(db: Database, absPath: string): { rootId: number; folder: string } | null {
  const target = path.resolve(absPath);
  let best: { rootId: number; folder: string; depth: number } | null = null;
  for (const root of importFolders(db)) {
    const rel = path.relative(root.path, target);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    const depth = root.path.split(path.sep).length;
    if (!best || depth > best.depth) best = { rootId: root.id, folder: rel.split(path.sep).join('/'), depth };
  }
  return best && { rootId: best.rootId, folder: best.folder };
}

/** Each image with its import folder's path, for queries that add their own WHERE (the classify job's targets, training's augmented views). */
export const IMAGE_FILES_SQL = 'SELECT i.id, r.path AS root, i.rel_path FROM images i JOIN import_roots r ON r.id = i.root_id';

/** An image's file on disk, from a row of IMAGE_FILES_SQL. */
export function imageFile(row: { root: string; rel_path: string }): string {
  return path.join(row.root, row.rel_path);
}

/**
 * The one listing of import folders (import screen, review folder filter, CLI):
 * with their image counts, missing files and whether each is reachable now.
 */
export async function listImportRoots(db: Database): Promise<ImportRoot[]> {
  const rows = db
    .prepare(
      `SELECT r.id, r.path,
              (SELECT COUNT(*) FROM images i WHERE i.root_id = r.id AND i.superseded_by IS NULL) AS images,
              (SELECT COUNT(*) FROM images i WHERE i.root_id = r.id AND i.superseded_by IS NULL AND i.missing = 1) AS missing
       FROM import_roots r WHERE ${IS_IMPORT_FOLDER} ORDER BY r.path`,
    )
    .all() as Omit<ImportRoot, 'available'>[];
  return Promise.all(
    rows.map(async (r) => ({ ...r, available: await fs.stat(r.path).then((s) => s.isDirectory(), () => false) })),
  );
}
