import type { Database } from 'better-sqlite3';
import { getFacet } from '../catalogue/facets.js';

export interface FolderInfo {
  /** Path inside its import root, forward slashes, no trailing slash ("Kotak 01/Desa Kauman"). */
  path: string;
  /** Images of the facet in this folder and its subfolders (all roots together when several have it). */
  images: number;
}

/** "Kotak 01/Desa Kauman" → "kotak 01/desa kauman": how the folder filter compares what was typed. */
export function foldFolder(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/**
 * Image counts per folder among rows with rel_path in [lo, hi): one pass over
 * the narrow (facet, root, rel_path) index. The folder is cut off in JS:
 * SQLite has no "last '/'" function, and its rtrim-with-a-set idiom and
 * GROUP BY took twice as long (127 vs 67 ms at 50,000 images).
 */
function directCounts(db: Database, facetId: number, rootId: number | null, lo: string | null, hi: string | null): Map<string, number> {
  const conds = ['facet_id = @facetId'];
  if (rootId != null) conds.push('root_id = @rootId');
  else conds.push('root_id IN (SELECT id FROM import_roots)'); // one index range per root instead of ignoring rel_path
  if (lo !== null) conds.push('rel_path >= @lo');
  if (hi !== null) conds.push('rel_path < @hi');
  const paths = db
    .prepare(`SELECT rel_path FROM review_grid INDEXED BY review_grid_folder WHERE ${conds.join(' AND ')}`)
    .pluck()
    .all({ facetId, rootId, lo, hi }) as string[];
  const counts = new Map<string, number>();
  for (const p of paths) {
    const dir = p.slice(0, p.lastIndexOf('/') + 1);
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  return counts;
}

/** Direct counts → every folder level with the images below it, sorted by path. */
function withAncestors(direct: Map<string, number>): FolderInfo[] {
  const total = new Map<string, number>();
  for (const [dir, n] of direct) {
    const parts = dir.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      total.set(p, (total.get(p) ?? 0) + n);
    }
  }
  return [...total].map(([path, images]) => ({ path, images })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every folder holding the facet's images (any depth), for the folder filter's suggestions. */
export function listFolders(db: Database, facetKey: string, rootId: number | null = null): FolderInfo[] {
  const facet = getFacet(db, facetKey);
  return withAncestors(directCounts(db, facet.id, rootId, null, null));
}

/** The first character's other cases ("k" → "k", "K"); null when case mapping changes its length (ß → SS). */
function firstCharCases(text: string): string[] | null {
  const first = String.fromCodePoint(text.codePointAt(0)!);
  const cases = new Set([first, first.toLowerCase(), first.toUpperCase()]);
  for (const c of cases) if ([...c].length !== 1) return null;
  return [...cases];
}

/**
 * The actual folder names a typed folder means. Exact case first: one index
 * seek per root says whether it exists, and then it is the only one. Else
 * every folder equal to it ignoring case: only the rows whose path starts
 * with a case of its first character are read (one index range each), not
 * the whole catalogue. Empty when nothing matches.
 */
export function resolveFolder(db: Database, facetId: number, rootId: number | null, folder: string): string[] {
  const rootCond = rootId != null ? 'root_id = @rootId' : 'root_id IN (SELECT id FROM import_roots)';
  const exact = db
    .prepare(`SELECT 1 FROM review_grid INDEXED BY review_grid_folder WHERE facet_id = @facetId AND ${rootCond} AND rel_path >= @lo AND rel_path < @hi LIMIT 1`)
    .get({ facetId, rootId, lo: folder + '/', hi: folder + '0' });
  if (exact) return [folder];
  const wanted = foldFolder(folder);
  const cases = firstCharCases(folder);
  const direct = new Map<string, number>();
  const ranges = cases ? cases.map((c) => [c, String.fromCodePoint(c.codePointAt(0)! + 1)] as const) : [[null, null] as const];
  for (const [lo, hi] of ranges) for (const [dir, n] of directCounts(db, facetId, rootId, lo, hi)) direct.set(dir, n);
  return withAncestors(direct)
    .map((f) => f.path)
    .filter((p) => foldFolder(p) === wanted);
}
