import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as exifr from 'exifr';
import { ExifTool } from 'exiftool-vendored';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { CallInput, CallOutput } from '../../../electron/common/contract/index.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { images, review } from './fixture.js';

const EXIFTOOL = '/usr/bin/exiftool';
const hasExiftool = fs.existsSync(EXIFTOOL);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** What the exiftool CLI (Debian's libimage-exiftool-perl) reads from a file, by group-qualified name. */
const exiftool = (file: string) => (JSON.parse(execFileSync(EXIFTOOL, ['-j', '-G1', '-struct', file], { encoding: 'utf8' })) as Record<string, unknown>[])[0];
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

async function xmp(ctx: AppContext, input: CallInput<'export.xmp'>) {
  const r = await dispatch('export.xmp', input, ctx);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as CallOutput<'export.xmp'>;
}

async function catalogue() {
  const ctx = await tempContext();
  const root = tempDir('canting-photos-');
  const ids = await images(ctx.db, root, ['kawung/001.jpg', 'lain/002.jpg', 'lain/003.jpg']);
  review(ctx.db, ids[0], 'motif', { status: 'validated', label: 'kawung' });
  review(ctx.db, ids[0], 'tema', { status: 'corrected', label: 'flora' });
  review(ctx.db, ids[1], 'motif', { status: 'rejected' });
  ctx.db.prepare("INSERT INTO metadata_imports (id, batch_id, source, encoding, match_by, mapping, actor, rows, matched, imported_at) VALUES (1, 'b', 's', 'utf-8', 'file-name', '[]', 'a', 1, 1, 't')").run();
  const put = ctx.db.prepare('INSERT INTO record_metadata (image_id, field, value, import_id) VALUES (?, ?, ?, 1)');
  put.run(ids[0], 'title', 'Pekalongan – Batik Tulis, ©, é');
  put.run(ids[0], 'identifier', 'BTK-0001');
  ctx.db.prepare("INSERT INTO record_metadata (image_id, field, value, date_iso, import_id) VALUES (?, 'date', '25/03/1998', '1998-03-25', 1)").run(ids[0]);
  const originals = Object.fromEntries(['kawung/001.jpg', 'lain/002.jpg', 'lain/003.jpg'].map((r) => [r, sha(path.join(root, r))]));
  return { ctx, root, ids, originals };
}

describe.skipIf(!hasExiftool)('export xmp (read back with exiftool and exifr)', () => {
  it('writes sidecars beside the originals with dc:subject, lr:hierarchicalSubject and digiKam TagsList, leaving originals untouched', async () => {
    const { ctx, root, originals } = await catalogue();
    const r = await xmp(ctx, {});
    expect(r).toMatchObject({ written: 1, embedded: 0, skipped: 2 });
    const sidecar = path.join(root, 'kawung/001.xmp');
    const t = exiftool(sidecar);
    expect(list(t['XMP-dc:Subject']).sort()).toEqual(['Flora', 'Kawung']);
    expect(list(t['XMP-lr:HierarchicalSubject']).sort()).toEqual(['Batik|Motif|Kawung', 'Batik|Tema|Flora']);
    expect(list(t['XMP-digiKam:TagsList']).sort()).toEqual(['Batik/Motif/Kawung', 'Batik/Tema/Flora']);
    expect(t['XMP-dc:Title']).toBe('Pekalongan – Batik Tulis, ©, é');
    expect(t['XMP-dc:Identifier']).toBe('BTK-0001');
    // The archive's date, when it was read unambiguously, as IPTC Core's date created.
    expect(t['XMP-photoshop:DateCreated']).toBe('1998:03:25');
    // exifr keeps a sidecar's namespaces apart.
    const e = (await exifr.sidecar(sidecar)) as Record<string, Record<string, unknown>>;
    expect(list(e.dc.subject).sort()).toEqual(['Flora', 'Kawung']);
    expect(e.dc.title).toMatchObject({ value: 'Pekalongan – Batik Tulis, ©, é' });
    expect(list(e.lr.hierarchicalSubject).sort()).toEqual(['Batik|Motif|Kawung', 'Batik|Tema|Flora']);
    expect(list(e.digiKam.TagsList).sort()).toEqual(['Batik/Motif/Kawung', 'Batik/Tema/Flora']);
    // A rejected label and no label write nothing; no original changed.
    expect(fs.existsSync(path.join(root, 'lain/002.xmp'))).toBe(false);
    for (const [rel, hash] of Object.entries(originals)) expect(sha(path.join(root, rel))).toBe(hash);
  });

  it('merges into an existing sidecar: the photographer’s keywords stay, Canting’s old label is replaced', async () => {
    const { ctx, root } = await catalogue();
    const sidecar = path.join(root, 'kawung/001.xmp');
    const et = new ExifTool({ maxProcs: 1 });
    await et.write(sidecar, { Subject: ['Keluarga', 'Parang'], HierarchicalSubject: ['Orang|Nenek', 'Batik|Motif|Parang'], TagsList: ['Orang/Nenek', 'Batik/Motif/Parang'] } as never);
    await et.end();
    await xmp(ctx, { language: 'both' });
    const t = exiftool(sidecar);
    expect(list(t['XMP-dc:Subject']).sort()).toEqual(['Flora', 'Kawung', 'Keluarga']);
    expect(list(t['XMP-lr:HierarchicalSubject']).sort()).toEqual(['Batik|Motif|Kawung', 'Batik|Tema|Flora', 'Batik|Theme|Flora', 'Orang|Nenek']);
    expect(list(t['XMP-digiKam:TagsList']).sort()).toEqual(['Batik/Motif/Kawung', 'Batik/Tema/Flora', 'Batik/Theme/Flora', 'Orang/Nenek']);
  });

  it('writes into a folder mirroring the import folders, and refuses one inside an import folder', async () => {
    const { ctx, root } = await catalogue();
    const out = tempDir('canting-xmp-');
    await expect(xmp(ctx, { out: path.join(root, 'xmp') })).rejects.toMatchObject({ messageKey: 'xmpOutInsideRoot' });
    expect(fs.existsSync(path.join(root, 'xmp'))).toBe(false);
    const r = await xmp(ctx, { out, language: 'en' });
    expect(r.written).toBe(1);
    const t = exiftool(path.join(out, path.basename(root), 'kawung/001.xmp'));
    expect(list(t['XMP-lr:HierarchicalSubject']).sort()).toEqual(['Batik|Motif|Kawung', 'Batik|Theme|Flora']);
    expect(fs.existsSync(path.join(root, 'kawung/001.xmp'))).toBe(false);
  });

  it('--embed copies each original first (verified), writes into it, and the catalogue follows the new bytes', async () => {
    const { ctx, root, ids, originals } = await catalogue();
    const backup = tempDir('canting-backup-');
    const r = await xmp(ctx, { embed: true, backup });
    expect(r).toMatchObject({ written: 1, embedded: 1 });
    const original = path.join(root, 'kawung/001.jpg');
    const copy = path.join(backup, path.basename(root), 'kawung/001.jpg');
    expect(sha(copy)).toBe(originals['kawung/001.jpg']);
    const t = exiftool(original);
    expect(list(t['XMP-lr:HierarchicalSubject']).sort()).toEqual(['Batik|Motif|Kawung', 'Batik|Tema|Flora']);
    const e = (await exifr.parse(original, { xmp: true })) as Record<string, unknown>;
    expect(list(e.subject).sort()).toEqual(['Flora', 'Kawung']);
    expect(ctx.db.prepare('SELECT sha256 FROM images WHERE id = ?').pluck().get(ids[0])).toBe(sha(original));
    expect(fs.readdirSync(path.join(root, 'kawung'))).toEqual(['001.jpg']); // no exiftool *_original left beside it
    // A file changed since import is not written into.
    fs.appendFileSync(path.join(root, 'lain/003.jpg'), Buffer.from([0]));
    ctx.db.prepare("INSERT INTO record_metadata (image_id, field, value, import_id) VALUES (?, 'title', 'x', 1)").run(ids[2]);
    const changed = sha(path.join(root, 'lain/003.jpg'));
    await expect(xmp(ctx, { embed: true, backup: tempDir() })).rejects.toMatchObject({ messageKey: 'xmpOriginalChanged' });
    expect(sha(path.join(root, 'lain/003.jpg'))).toBe(changed);
  });
});
