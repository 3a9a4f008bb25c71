import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { importFolders } from '../catalogue/roots.js';

/** What one path given to an import means: a whole folder, or one file, inside an import root. */
export interface ImportTarget {
  rootId: number;
  rootPath: string;
  /** The folder (relative to the root, "/"-separated, '' = the root) to walk, or the single file. */
  rel: string;
  kind: 'folder' | 'file';
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Check a path the user gave before any work starts: it must exist and be a folder or a file. */
export function checkImportPath(p: string): { abs: string; kind: 'folder' | 'file' } {
  const abs = path.resolve(p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('not_found', `The folder "${abs}" does not exist`).translated('folderMissing', { path: abs });
    throw new ApiError('io', `Cannot open "${abs}": ${(err as Error).message}`);
  }
  if (st.isDirectory()) return { abs, kind: 'folder' };
  if (st.isFile()) return { abs, kind: 'file' };
  throw new ApiError('invalid_input', `"${abs}" is neither a folder nor a file`).translated('notFolderOrFile', { path: abs });
}

/**
 * The import root for a path: the root registered for exactly that folder,
 * else an import folder that contains it (so importing a sub-folder again
 * finds the same relative paths), or a new root — the folder itself, or a
 * file's folder. The folder of a single file that never became an image
 * (catalogue/roots.ts) contains nothing for this: a folder imported below it
 * gets its own root.
 */
export function resolveTarget(db: Database, p: string): ImportTarget {
  const { abs, kind } = checkImportPath(p);
  const folder = kind === 'folder' ? abs : path.dirname(abs);
  const exact = db.prepare('SELECT id, path FROM import_roots WHERE path = ?').get(folder) as { id: number; path: string } | undefined;
  let root = exact ?? importFolders(db).filter((r) => isInside(r.path, folder)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!root) {
    const { lastInsertRowid } = db.prepare('INSERT INTO import_roots (path, created_at) VALUES (?, ?)').run(folder, new Date().toISOString());
    root = { id: Number(lastInsertRowid), path: folder };
  }
  const rel = path.relative(root.path, abs).split(path.sep).filter(Boolean).join('/');
  return { rootId: root.id, rootPath: root.path, rel, kind };
}

/**
 * Roots inside a folder being walked (imported earlier on their own). Their
 * files keep belonging to them, so importing a parent folder later finds them
 * unchanged at their known relative paths instead of as copies.
 */
export function nestedRoots(db: Database, target: ImportTarget): ((rel: string) => { rootId: number; rootPath: string; rel: string }) {
  const base = path.join(target.rootPath, ...target.rel.split('/').filter(Boolean));
  const inner = importFolders(db)
    .filter((r) => r.id !== target.rootId)
    .filter((r) => isInside(base, r.path) || isInside(r.path, base))
    .filter((r) => r.path.length > target.rootPath.length)
    .sort((a, b) => b.path.length - a.path.length);
  return (rel) => {
    if (inner.length) {
      const abs = path.join(target.rootPath, ...rel.split('/'));
      const r = inner.find((x) => isInside(x.path, abs) && abs !== x.path);
      if (r) return { rootId: r.id, rootPath: r.path, rel: path.relative(r.path, abs).split(path.sep).join('/') };
    }
    return { rootId: target.rootId, rootPath: target.rootPath, rel };
  };
}
