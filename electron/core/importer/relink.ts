import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { sha256File } from './hash.js';
import { checkImportPath } from './roots.js';
import { IS_IMPORT_FOLDER, importFolders } from '../catalogue/roots.js';
import { walk } from './scan.js';


export interface RelinkResult {
  rootId: number;
  from: string;
  to: string;
  images: number;
  byPath: number;
  byHash: number;
  missing: number;
}


function findRoot(db: Database, root: number | string): { id: number; path: string } {
  const row = (
    typeof root === 'number'
      ? db.prepare(`SELECT id, path FROM import_roots r WHERE id = ? AND ${IS_IMPORT_FOLDER}`).get(root)
      : db.prepare(`SELECT id, path FROM import_roots r WHERE path = ? AND ${IS_IMPORT_FOLDER}`).get(path.resolve(root))
  ) as { id: number; path: string } | undefined;
  if (!row) {
    const known = importFolders(db).map((r) => r.path);
    throw new ApiError('not_found', `"${root}" is not an import folder of this catalogue. Import folders: ${known.join(', ') || 'none'}`);
  }
  return row;
}

/**
 * Point an import root at the folder its photos moved to. Each image is found
 * first at its old relative path (same size), then, for the rest, by content:
 * files of a matching size under the new folder are hashed and matched by
 * SHA-256, so renamed or reorganised files are found too. Images not found are
 * marked missing (nothing is deleted); relinking again later can still find them.
 */
export async function relinkRoot(db: Database, root: number | string, to: string): Promise<RelinkResult> {
  const { id: rootId, path: from } = findRoot(db, root);
  const target = checkImportPath(to);
  if (target.kind !== 'folder') throw new ApiError('invalid_input', `"${target.abs}" is a file; choose the folder the photos moved to`);
  const other = db.prepare('SELECT id FROM import_roots WHERE path = ? AND id <> ?').get(target.abs, rootId);
  if (other) throw new ApiError('conflict', `"${target.abs}" is already another import folder of this catalogue`);

  const images = db
    .prepare('SELECT id, rel_path, size_bytes, sha256 FROM images WHERE root_id = ? AND superseded_by IS NULL')
    .all(rootId) as { id: number; rel_path: string; size_bytes: number; sha256: string }[];
  const matched = new Map<number, string>(); // image id → rel path in the new folder
  const unmatched = new Map<string, { id: number; size: number }>(); // sha256 → image
  for (const img of images) {
    const st = await fs.stat(path.join(target.abs, ...img.rel_path.split('/'))).catch(() => null);
    if (st?.isFile() && st.size === img.size_bytes) matched.set(img.id, img.rel_path);
    else unmatched.set(img.sha256, { id: img.id, size: img.size_bytes });
  }
  const byPath = matched.size;
  if (unmatched.size) {
    const sizes = new Set([...unmatched.values()].map((u) => u.size));
    const taken = new Set(matched.values());
    for await (const entry of walk(target.abs)) {
      if (entry.error || taken.has(entry.rel)) continue;
      const file = path.join(target.abs, ...entry.rel.split('/'));
      const st = await fs.stat(file).catch(() => null);
      if (!st || !sizes.has(st.size)) continue; // only hash files that could be one of ours
      const hit = unmatched.get(await sha256File(file).catch(() => ''));
      if (!hit) continue;
      matched.set(hit.id, entry.rel);
      unmatched.forEach((v, k) => v.id === hit.id && unmatched.delete(k));
      if (!unmatched.size) break;
    }
  }
  const setFound = db.prepare('UPDATE images SET rel_path = @rel, file_name = @name, missing = 0 WHERE id = @id AND (rel_path <> @rel OR missing <> 0)');
  const setMissing = db.prepare('UPDATE images SET missing = 1 WHERE id = ? AND missing = 0');
  db.transaction(() => {
    db.prepare('UPDATE import_roots SET path = ? WHERE id = ?').run(target.abs, rootId);
    for (const [id, rel] of matched) setFound.run({ id, rel, name: rel.split('/').at(-1)! });
    for (const u of unmatched.values()) setMissing.run(u.id);
  })();
  return { rootId, from, to: target.abs, images: images.length, byPath, byHash: matched.size - byPath, missing: unmatched.size };
}
