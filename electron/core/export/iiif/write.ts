import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import sharp from 'sharp';
import { ApiError } from '../../../common/errors.js';
import type { IiifExportResult } from '../../../common/contract/index.js';
import { archiveReader } from '../archive.js';
import { knowledgeRegions } from '../profiles/values.js';
import { iterateRecords, resolveFilter, selectIds, type RecordFilter, type ResolvedFilter } from '../records.js';
import { checkOutput, writeAtomically } from '../target.js';
import { both, buildCollection, buildManifest, iiifPaths, type CollectionMember } from './manifest.js';

/**
 * The IIIF export: a folder to put on any static web server as it is. Images
 * are cut into level-0 tiles by sharp (libvips dzsave, layout iiif3), so no
 * image server is needed; every id is an absolute URL under the base URL the
 * folder will be served at. Written like every export: into a temporary
 * sibling, renamed into place when complete.
 *
 * A photo whose original cannot be read (moved, deleted, damaged) gets no
 * manifest; it is listed in the result's `skipped` and the rest is written.
 */

export interface IiifExportRequest {
  db: Database;
  cataloguePath: string;
  out: string;
  baseUrl: string;
  force?: boolean;
  filter?: RecordFilter;
}

export interface PreparedIiifExport {
  target: string;
  base: string;
  filter: ResolvedFilter;
  ids: number[];
  force: boolean;
}

export interface IiifSkipped {
  imageId: number;
  source: string;
  reason: 'missing' | 'unreadable';
}

export type { IiifExportResult };

/** The base URL without a trailing slash; refused unless absolute http(s) without query or fragment. */
export function checkBaseUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw.trim());
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || !url.host || url.search || url.hash) {
    throw new ApiError('invalid_input', `The base URL "${raw}" is not an absolute http(s) address such as https://example.org/iiif; IIIF ids must be absolute`).translated(
      'iiifBaseUrlNotAbsolute',
      { url: raw },
    );
  }
  return url.href.replace(/\/+$/, '');
}

export function prepareIiifExport(req: IiifExportRequest): PreparedIiifExport {
  const base = checkBaseUrl(req.baseUrl);
  const filter = resolveFilter(req.db, req.filter ?? {});
  const target = checkOutput({ db: req.db, cataloguePath: req.cataloguePath, out: req.out, kind: 'folder', force: req.force ?? false });
  const ids = selectIds(req.db, filter);
  if (!ids.length) throw new ApiError('invalid_input', 'Nothing to export: no image matches').translated('iiifNothingToExport');
  return { target, base, filter, ids, force: req.force ?? false };
}

async function writeJson(file: string, doc: unknown): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.writeFile(file, `${JSON.stringify(doc, null, 2)}\n`, { flag: 'wx' });
}

/** The smallest whole-image rendition the tiler wrote (images/<id>/full/<w>,<h>/0/default.jpg), for the thumbnail. */
function smallestFull(imageDir: string): { path: string; width: number; height: number } | null {
  const sizes = fs
    .readdirSync(path.join(imageDir, 'full'), { withFileTypes: true })
    .map((d) => /^(\d+),(\d+)$/.exec(d.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: `full/${m[0]}/0/default.jpg`, width: Number(m[1]), height: Number(m[2]) }))
    .sort((a, b) => a.width - b.width);
  return sizes[0] ?? null;
}

/** Why an original cannot be exported, or null when it can: 'missing', or 'unreadable' (not an image sharp can decode). */
async function unreadable(source: string): Promise<'missing' | 'unreadable' | null> {
  if (!fs.existsSync(source)) return 'missing';
  try {
    const meta = await sharp(source).metadata();
    return meta.width && meta.height ? null : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function decodes(source: string): Promise<boolean> {
  try {
    await sharp(source).resize(8, 8).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Tiles (level 0, iiif3 layout) and the whole image under images/<id>/; returns the served size. */
async function writeImage(source: string, tmp: string, base: string, id: number): Promise<{ width: number; height: number }> {
  const imageDir = path.join(tmp, iiifPaths.image(id));
  await fs.promises.mkdir(path.dirname(imageDir), { recursive: true });
  // rotate(): EXIF orientation applied, so tiles and canvas are the photo as people see it.
  const info = await sharp(source).rotate().tile({ layout: 'iiif3', id: `${base}/${iiifPaths.images}` }).toFile(imageDir);
  const full = path.join(tmp, iiifPaths.full(id));
  await fs.promises.mkdir(path.dirname(full), { recursive: true });
  await sharp(source).rotate().jpeg({ quality: 90 }).toFile(full);
  return { width: info.width, height: info.height };
}

export interface IiifHooks {
  /** Before each image; may throw (cancellation). */
  beforeImage?: () => void;
  progress?: (p: { done: number; skipped: number }) => void;
}

export async function runIiifExport(db: Database, prepared: PreparedIiifExport, hooks: IiifHooks = {}): Promise<IiifExportResult> {
  const { base } = prepared;
  const regions = knowledgeRegions(db);
  const archive = archiveReader(db);
  const byRoot = new Map<string, CollectionMember[]>();
  const skipped: IiifSkipped[] = [];
  let manifests = 0;
  await writeAtomically(
    prepared.target,
    'folder',
    async (tmp) => {
      for (const record of iterateRecords(db, prepared.filter, prepared.ids)) {
        hooks.beforeImage?.();
        const source = path.join(record.rootPath, ...record.relPath.split('/'));
        const skip = (reason: IiifSkipped['reason']) => {
          skipped.push({ imageId: record.id, source, reason });
          hooks.progress?.({ done: manifests, skipped: skipped.length });
        };
        const problem = await unreadable(source);
        if (problem) {
          skip(problem);
          continue;
        }
        let size: { width: number; height: number };
        try {
          size = await writeImage(source, tmp, base, record.id);
        } catch (err) {
          // A file whose header reads but whose data is damaged fails only here: skip it. Anything else is the output's (disk full…): fail.
          if (!(await decodes(source))) {
            await fs.promises.rm(path.join(tmp, iiifPaths.image(record.id)), { recursive: true, force: true });
            skip('unreadable');
            continue;
          }
          throw err;
        }
        const imageDir = path.join(tmp, iiifPaths.image(record.id));
        const manifest = buildManifest(base, { record, facets: prepared.filter.facets, regions, archive: archive(record.id), ...size, thumbnail: smallestFull(imageDir) });
        await writeJson(path.join(tmp, iiifPaths.manifest(record.id)), manifest);
        const members = byRoot.get(record.rootPath) ?? [];
        members.push({ id: manifest.id as string, type: 'Manifest', label: manifest.label as CollectionMember['label'] });
        byRoot.set(record.rootPath, members);
        manifests++;
        hooks.progress?.({ done: manifests, skipped: skipped.length });
      }
      if (!manifests) {
        throw new ApiError('io', `No image could be read (${skipped.length} missing or unreadable); nothing was written`).translated('iiifNoImageReadable', { count: skipped.length });
      }
      const roots: CollectionMember[] = [];
      for (const [root, members] of [...byRoot].sort(([a], [b]) => a.localeCompare(b))) {
        const id = `${base}/${iiifPaths.collection(roots.length + 1)}`;
        const label = both(path.basename(root) || root);
        await writeJson(path.join(tmp, iiifPaths.collection(roots.length + 1)), buildCollection(id, label, members));
        roots.push({ id, type: 'Collection', label });
      }
      await writeJson(path.join(tmp, iiifPaths.top), buildCollection(`${base}/${iiifPaths.top}`, both('Katalog Canting', 'Canting catalogue'), roots));
      return manifests;
    },
    { force: prepared.force },
  );
  return { format: 'iiif', out: prepared.target, baseUrl: base, manifests, collections: byRoot.size + 1, skipped };
}
