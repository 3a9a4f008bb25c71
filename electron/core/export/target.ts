import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { importFolders } from '../catalogue/roots.js';

/**
 * Where an export may write, and how it writes atomically: everything goes to
 * a hidden temporary sibling of the target (same folder, so the final rename
 * stays on one file system) and is renamed into place only when complete.
 * A failed or cancelled export removes its temporary; one killed outright
 * leaves only a hidden `.NAME.partial-PID-…` sibling, which the next export
 * to the same target removes once that process is gone.
 */

const PARTIAL = '.partial-';
const REPLACED = '.replaced-';

/** The path with symbolic links of its existing part resolved (the rest appended). */
function realish(p: string): string {
  const rest: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.join(cur, ...rest.reverse());
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface OutputCheck {
  db: Database;
  cataloguePath: string;
  out: string;
  kind: 'file' | 'folder';
  force: boolean;
}

/** Refuse outputs that could mix with or destroy originals, or overwrite without --force. Returns the absolute target. */
export function checkOutput({ db, cataloguePath, out, kind, force }: OutputCheck): string {
  if (!out.trim()) throw new ApiError('invalid_input', 'No output path given').translated('exportNoOutput');
  const target = path.resolve(out);
  const real = realish(target);
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) throw new ApiError('invalid_input', `The folder ${parent} does not exist; create it first or choose another place`).translated('exportFolderMissing', { path: parent });
  if (!fs.statSync(parent).isDirectory()) throw new ApiError('invalid_input', `${parent} is not a folder`).translated('exportParentNotFolder', { path: parent });

  const roots = importFolders(db).map((r) => r.path);
  for (const root of roots) {
    if (isInside(real, realish(root))) {
      throw new ApiError(
        'invalid_input',
        `${target} is inside ${root}, a folder imported into this catalogue. Export somewhere else, so exported files never mix with the originals.`,
      ).translated('exportInsideRoot', { path: target, root });
    }
  }
  const catalogue = realish(cataloguePath);
  if (real === catalogue || real.startsWith(catalogue + '-')) {
    throw new ApiError('invalid_input', `${target} is the catalogue itself; choose another file name`).translated('exportIsCatalogue', { path: target });
  }

  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (kind === 'file') {
    if (stat?.isDirectory()) throw new ApiError('invalid_input', `${target} is a folder; give a file name`).translated('exportIsFolder', { path: target });
    if (stat && !force) throw new ApiError('conflict', `${target} already exists; use --force (or confirm replacing it) to overwrite it`).translated('exportExists', { path: target });
  } else {
    if (stat && !stat.isDirectory()) throw new ApiError('invalid_input', `${target} is a file, not a folder`).translated('exportIsFile', { path: target });
    if (stat && fs.readdirSync(target).length > 0) {
      if (!force) {
        throw new ApiError('conflict', `${target} is not empty; use --force to replace it, or choose an empty or new folder`).translated('exportFolderNotEmpty', { path: target });
      }
      // Replacing deletes the old folder: never one holding originals or the catalogue.
      for (const root of roots) {
        if (isInside(realish(root), real)) throw new ApiError('invalid_input', `${target} contains ${root}, an imported image folder; it cannot be replaced`).translated('exportContainsRoot', { path: target, root });
      }
      if (isInside(catalogue, real)) throw new ApiError('invalid_input', `${target} contains the open catalogue; it cannot be replaced`).translated('exportContainsCatalogue', { path: target });
    }
  }
  return target;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove leftovers of earlier exports to this target whose process is gone. */
export function removeStaleTemporaries(target: string): void {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}`;
  for (const name of fs.readdirSync(dir)) {
    for (const marker of [PARTIAL, REPLACED]) {
      if (!name.startsWith(prefix + marker)) continue;
      const pid = Number.parseInt(name.slice(prefix.length + marker.length), 10);
      if (Number.isFinite(pid) && !alive(pid)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

function sibling(target: string, marker: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}${marker}${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
}

export function temporaryFor(target: string): string {
  return sibling(target, PARTIAL);
}

/** Turn a file-system error into one a user can act on. */
export function ioError(err: unknown, target: string): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as NodeJS.ErrnoException;
  const where = path.dirname(target);
  switch (e.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ApiError('io', `Not enough free space in ${where} to write the export; nothing was written`).translated('exportDiskFull', { path: where });
    case 'EROFS':
      return new ApiError('io', `${where} is on a read-only disk; nothing was written`).translated('exportReadOnly', { path: where });
    case 'EACCES':
    case 'EPERM':
      return new ApiError('io', `No permission to write in ${where}; nothing was written`).translated('exportNoPermission', { path: where });
    default:
      return new ApiError('io', `Could not write the export to ${target}: ${e.message ?? String(err)}; nothing was written`);
  }
}

/** Move a finished temporary file into place (replacing an existing file atomically). */
export function commitFile(temporary: string, target: string): void {
  fs.renameSync(temporary, target);
}

/**
 * Move a finished temporary folder into place. An existing folder (already
 * checked by checkOutput) is moved aside first and deleted only after the new
 * one is in place, so a failure never leaves the target missing.
 */
export function commitFolder(temporary: string, target: string): void {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) {
    fs.renameSync(temporary, target);
    return;
  }
  if (fs.readdirSync(target).length === 0) {
    fs.rmdirSync(target);
    fs.renameSync(temporary, target);
    return;
  }
  const aside = sibling(target, REPLACED);
  fs.renameSync(target, aside);
  try {
    fs.renameSync(temporary, target);
  } catch (err) {
    fs.renameSync(aside, target);
    throw err;
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

/**
 * Run `write` against a fresh temporary path next to `target`, then commit it.
 * Any error (or cancellation) removes the temporary and leaves the target as it was.
 */
export async function writeAtomically<T>(
  target: string,
  kind: 'file' | 'folder',
  write: (temporary: string) => Promise<T>,
  options: { force?: boolean } = {},
): Promise<T> {
  removeStaleTemporaries(target);
  const temporary = temporaryFor(target);
  try {
    const result = await write(temporary);
    // Something may have appeared at the target while the export ran: never replace it unasked.
    const now = fs.statSync(target, { throwIfNoEntry: false });
    if (now && !options.force && (kind === 'file' || fs.readdirSync(target).length > 0)) {
      throw new ApiError('conflict', `${target} appeared while the export ran; use --force to replace it`).translated('exportAppeared', { path: target });
    }
    if (kind === 'file') commitFile(temporary, target);
    else commitFolder(temporary, target);
    return result;
  } catch (err) {
    fs.rmSync(temporary, { recursive: true, force: true });
    if (err instanceof ApiError) throw err;
    throw ioError(err, target);
  }
}
