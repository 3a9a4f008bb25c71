import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ExifTool, type WriteTags } from 'exiftool-vendored';
import { ApiError } from '../../common/errors.js';
import { listFacets } from '../catalogue/facets.js';
import { importFolders } from '../catalogue/roots.js';
import { auditSigner, auditWriter, changedBy, type Actor } from '../catalogue/audit.js';
import { isInside } from './target.js';
import { cantingKeywords, mergeKeywords, type Keywords, type LabelKeyword } from './xmp-tags.js';

export type XmpLanguage = 'id' | 'en' | 'both';

export interface XmpExportRequest {
  /** A folder mirroring the import folders; absent: sidecars beside the originals. */
  out?: string | null;
  /** Write into the originals themselves (after a verified copy of each into `backup`). */
  embed?: boolean;
  /** Where --embed copies each original first (absent: beside the catalogue). */
  backup?: string | null;
  /** The language of the facet names in the keyword paths. */
  language?: XmpLanguage;
}

export interface XmpExportResult {
  written: number;
  embedded: number;
  /** Photos with nothing to write (no reviewed label, no archive metadata). */
  skipped: number;
  out: string | null;
  backup: string | null;
}

interface Photo {
  id: number;
  sha256: string;
  rootId: number;
  root: string;
  relPath: string;
  labels: LabelKeyword[];
  fields: Record<string, string>;
}

const sha256File = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Reviewed labels (corrected or validated: what a person vouched for) and the archive's fields, per current photo. */
function photos(db: Database, language: XmpLanguage): Photo[] {
  const rows = db
    .prepare(
      `SELECT i.id, i.sha256, i.root_id AS rootId, r.path AS root, i.rel_path AS relPath FROM images i JOIN import_roots r ON r.id = i.root_id
       WHERE i.superseded_by IS NULL AND i.missing = 0 ORDER BY r.path, i.rel_path`,
    )
    .all() as Omit<Photo, 'labels' | 'fields'>[];
  const labels = db.prepare(
    `SELECT f.name_id AS nameId, f.name_en AS nameEn, l.name FROM reviews v JOIN facets f ON f.id = v.facet_id JOIN labels l ON l.id = v.label_id
     WHERE v.image_id = ? AND v.status IN ('corrected', 'validated') ORDER BY f.id`,
  );
  const fields = db.prepare('SELECT field, value, date_iso AS dateIso FROM record_metadata WHERE image_id = ?');
  return rows.map((p) => ({
    ...p,
    labels: (labels.all(p.id) as { nameId: string; nameEn: string; name: string }[]).map((l) => ({
      facetNames: language === 'id' ? [l.nameId] : language === 'en' ? [l.nameEn] : [...new Set([l.nameId, l.nameEn])],
      label: l.name,
    })),
    fields: Object.fromEntries(
      (fields.all(p.id) as { field: string; value: string; dateIso: string | null }[]).flatMap((f) => [[f.field, f.value], ...(f.dateIso ? [['dateIso', f.dateIso]] : [])]),
    ),
  }));
}

/** The import folder a folder for Canting's output would lie in (exports never mix with the originals), or null. */
function importFolderHolding(db: Database, dir: string): string | null {
  return importFolders(db).find((root) => isInside(path.resolve(dir), root.path))?.path ?? null;
}

function checkOut(db: Database, out: string): string {
  const root = importFolderHolding(db, out);
  if (root) {
    throw new ApiError('invalid_input', `${out} is inside ${root}, a folder imported into this catalogue; choose a folder outside it`).translated('xmpOutInsideRoot', { path: out, root });
  }
  return path.resolve(out);
}

function checkBackup(db: Database, backup: string): string {
  const root = importFolderHolding(db, backup);
  if (root) {
    throw new ApiError('invalid_input', `The folder for copies ${backup} is inside ${root}, a folder imported into this catalogue; choose a folder outside it`).translated(
      'xmpBackupInsideRoot',
      { path: backup, root },
    );
  }
  return path.resolve(backup);
}

/** Sidecar path: Lightroom's and exiftool's NAME.xmp; NAME.EXT.xmp where two photos of one folder share NAME. */
function sidecarNames(list: Photo[]): Map<number, string> {
  const stem = (p: Photo) => `${p.rootId}\0${p.relPath.replace(/\.[^./]*$/, '')}`;
  const count = new Map<string, number>();
  for (const p of list) count.set(stem(p), (count.get(stem(p)) ?? 0) + 1);
  return new Map(list.map((p) => [p.id, count.get(stem(p))! > 1 ? `${p.relPath}.xmp` : `${p.relPath.replace(/\.[^./]*$/, '')}.xmp`]));
}

/** Each import folder's name in the mirror, made unique where two share one. */
function mirrorNames(db: Database): Map<number, string> {
  const names = new Map<number, string>();
  const used = new Set<string>();
  for (const r of importFolders(db)) {
    const base = path.basename(r.path) || `root-${r.id}`;
    const name = used.has(base) ? `${base}-${r.id}` : base;
    used.add(name);
    names.set(r.id, name);
  }
  return names;
}

const arr = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

async function keywordsIn(et: ExifTool, file: string): Promise<Partial<Keywords>> {
  if (!fs.existsSync(file)) return {};
  const t = (await et.read(file, { readArgs: ['-G1', '-struct'] })) as Record<string, unknown>;
  return { subject: arr(t['XMP-dc:Subject']), hierarchical: arr(t['XMP-lr:HierarchicalSubject']), tagsList: arr(t['XMP-digiKam:TagsList']) };
}

function tagsFor(p: Photo, merged: Keywords): WriteTags {
  const tags: Record<string, unknown> = {
    'XMP-dc:Subject': merged.subject,
    'XMP-lr:HierarchicalSubject': merged.hierarchical,
    'XMP-digiKam:TagsList': merged.tagsList,
  };
  if (p.fields.title) tags['XMP-dc:Title'] = p.fields.title;
  if (p.fields.description) tags['XMP-dc:Description'] = p.fields.description;
  if (p.fields.identifier) tags['XMP-dc:Identifier'] = p.fields.identifier;
  if (p.fields.place) tags['XMP-iptcCore:Location'] = p.fields.place;
  // Only a date read unambiguously (ISO): "03/04/1998" stays in the catalogue rather than becoming a wrong date in the photo.
  if (p.fields.dateIso) tags['XMP-photoshop:DateCreated'] = p.fields.dateIso;
  return tags as WriteTags;
}

/** Read the written file back and check every keyword and field landed. */
async function verify(et: ExifTool, file: string, merged: Keywords, p: Photo): Promise<void> {
  const back = await keywordsIn(et, file);
  const missing = [
    ...merged.hierarchical.filter((h) => !back.hierarchical?.includes(h)),
    ...merged.tagsList.filter((t) => !back.tagsList?.includes(t)),
    ...merged.subject.filter((s) => !back.subject?.includes(s)),
  ];
  if (p.fields.title) {
    const t = (await et.read(file, { readArgs: ['-G1'] })) as Record<string, unknown>;
    if (t['XMP-dc:Title'] !== p.fields.title) missing.push(p.fields.title);
  }
  if (missing.length) {
    throw new ApiError('io', `Writing XMP into ${file} did not keep ${missing.slice(0, 3).join(', ')}; stopped here`).translated('xmpVerifyFailed', { path: file });
  }
}

/**
 * Labels back into the photos' metadata (canting export xmp): XMP sidecars
 * beside the originals or in a folder mirroring the import folders, or, with
 * `embed`, the originals themselves. An original is only ever changed when
 * asked, after a copy of it is made and checked byte for byte (hash), and
 * the write is read back; the first failure stops the export with what was
 * done so far. An existing sidecar is merged into, never replaced: the
 * photographer's own keywords stay (see mergeKeywords).
 *
 * An embedded original's bytes change, so its catalogue row takes the new
 * hash and size (audited with the backup's path): otherwise the next import
 * would see a different file and supersede the photo with its reviews.
 */
/** `by`: who embeds (the signed-in user), else the catalogue's validator name. */
export async function exportXmp(db: Database, cataloguePath: string, req: XmpExportRequest, by?: Actor): Promise<XmpExportResult> {
  const out = req.out ? checkOut(db, req.out) : null;
  if (req.embed && out) throw new ApiError('invalid_input', '--embed writes into the originals; --out is for sidecars. Give one or the other').translated('xmpEmbedOrOut');
  const backup = req.embed
    ? checkBackup(db, req.backup ?? path.join(path.dirname(cataloguePath), `canting-originals-${new Date().toISOString().replace(/[:.]/g, '-')}`))
    : null;
  const list = photos(db, req.language ?? 'id');
  const facetNames = listFacets(db).flatMap((f) => [f.nameId, f.nameEn]);
  const sidecars = sidecarNames(list);
  const mirror = mirrorNames(db);
  const result: XmpExportResult = { written: 0, embedded: 0, skipped: 0, out, backup };
  const et = new ExifTool({ maxProcs: 1, writeArgs: ['-overwrite_original'] });
  const audit = auditWriter(db);
  const actor = auditSigner(changedBy(db, by));
  try {
    for (const p of list) {
      if (!p.labels.length && !Object.keys(p.fields).length) {
        result.skipped++;
        continue;
      }
      const original = path.join(p.root, ...p.relPath.split('/'));
      const target = req.embed ? original : out ? path.join(out, mirror.get(p.rootId)!, ...sidecars.get(p.id)!.split('/')) : path.join(p.root, ...sidecars.get(p.id)!.split('/'));
      if (req.embed) {
        if (sha256File(original) !== p.sha256) {
          throw new ApiError('conflict', `${original} changed since it was imported; import it again before embedding labels into it. Stopped here`).translated('xmpOriginalChanged', {
            path: original,
          });
        }
        const copy = path.join(backup!, mirror.get(p.rootId)!, ...p.relPath.split('/'));
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.copyFileSync(original, copy, fs.constants.COPYFILE_EXCL);
        if (sha256File(copy) !== p.sha256) {
          throw new ApiError('io', `The copy of ${original} in ${copy} differs from the original; nothing was written into it. Stopped here`).translated('xmpCopyFailed', { path: original, copy });
        }
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
      }
      const merged = mergeKeywords(await keywordsIn(et, target), cantingKeywords(p.labels), facetNames);
      await et.write(target, tagsFor(p, merged));
      await verify(et, target, merged, p);
      if (req.embed) {
        const stat = fs.statSync(original);
        const sha = sha256File(original);
        db.transaction(() => {
          db.prepare('UPDATE images SET sha256 = ?, size_bytes = ?, mtime_ms = ? WHERE id = ?').run(sha, stat.size, Math.round(stat.mtimeMs), p.id);
          audit({ at: new Date().toISOString(), ...actor, action: 'xmp.embed', entity: 'image', imageId: p.id, details: { from: p.sha256, to: sha, backup: path.join(backup!, mirror.get(p.rootId)!, p.relPath) } });
        })();
        result.embedded++;
      }
      result.written++;
    }
  } finally {
    await et.end();
  }
  return result;
}
