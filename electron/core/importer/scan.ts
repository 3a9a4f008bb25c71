import fs from 'node:fs/promises';
import path from 'node:path';
import { describeFileError } from './reasons.js';

/** One file found under an import root; `error` when its folder could not be read. */
export interface ScanEntry {
  /** Path relative to the root, always with "/" so catalogues move between systems. */
  rel: string;
  error?: string;
}

/** Names of operating-system and sync-tool clutter that are never photos. */
const SYSTEM_NAMES = new Set([
  'thumbs.db',
  'ehthumbs.db',
  'desktop.ini',
  '$recycle.bin',
  'system volume information',
  '@eadir',
  '#recycle',
  '__macosx',
  'lost+found',
  'icon\r',
]);

export function isHiddenOrSystem(name: string): boolean {
  return name.startsWith('.') || SYSTEM_NAMES.has(name.toLowerCase());
}

export function toRel(...parts: string[]): string {
  return parts.filter(Boolean).join('/');
}

/**
 * Walk a folder depth-first in name order, yielding every regular file that is
 * not hidden or system clutter. Symbolic links are followed, but a folder is
 * entered only once (by its real path), so link loops end. Devices, pipes and
 * sockets are skipped: reading a pipe would block the import forever.
 */
export async function* walk(root: string, start = ''): AsyncGenerator<ScanEntry> {
  const visited = new Set<string>();
  const stack: string[] = [start];
  while (stack.length) {
    const relDir = stack.pop()!;
    const absDir = path.join(root, relDir);
    let real: string;
    let entries: import('node:fs').Dirent[];
    try {
      real = await fs.realpath(absDir);
      if (visited.has(real)) continue;
      visited.add(real);
      entries = await fs.readdir(absDir, { withFileTypes: true });
    } catch (err) {
      yield { rel: relDir || '.', error: `cannot open this folder: ${describeFileError(err)}` };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (isHiddenOrSystem(e.name)) continue;
      const rel = toRel(relDir, e.name);
      let kind: 'file' | 'dir' | 'other' = e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other';
      if (e.isSymbolicLink()) {
        try {
          const st = await fs.stat(path.join(root, rel));
          kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
        } catch {
          kind = 'file'; // a broken link: queue it so the import reports it instead of hiding it
        }
      }
      if (kind === 'file') yield { rel };
      else if (kind === 'dir') subdirs.push(rel);
    }
    // reversed so the stack pops them in name order
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
}
