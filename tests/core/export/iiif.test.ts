import fs from 'node:fs';
import path from 'node:path';
import { normalize, serialize, serializeConfigPresentation3 } from '@iiif/parser';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { waitForJob } from '../../helpers/jobs.js';
import { tempDir } from '../../helpers/temp.js';
import { importArchiveSheet } from './fixture.js';
import { iiifCatalogue } from './iiif-fixture.js';

const BASE = 'https://museum.example/iiif/batik';
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function exportIiif(ctx: AppContext, input: Record<string, unknown>) {
  const r = await dispatch('export.iiif', input, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return waitForJob(ctx, (r.value as { jobId: string }).jobId);
}

/** The file under the export folder a URL under the base names. */
function fileOf(out: string, url: string): string {
  expect(url.startsWith(`${BASE}/`), url).toBe(true);
  return path.join(out, ...url.slice(BASE.length + 1).split('/'));
}

const read = (file: string): Doc => JSON.parse(fs.readFileSync(file, 'utf8'));

function expectLanguageMap(map: unknown, languages = ['id', 'en']) {
  expect(Object.keys(map as object).sort()).toEqual([...languages].sort());
  for (const v of Object.values(map as object)) expect(v).toEqual([expect.any(String)]);
}

describe('IIIF export', () => {
  it('writes Presentation 3 manifests, collections and level-0 tiles that resolve under the base URL', async () => {
    const { ctx, rootA, rootB, ids, sizes } = await iiifCatalogue();
    const out = path.join(tempDir(), 'iiif');
    const job = await exportIiif(ctx, { out, baseUrl: `${BASE}/` });
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ out, baseUrl: BASE, manifests: 3, collections: 3, skipped: [] });

    // Top collection → one collection per import folder → manifests.
    const top = read(path.join(out, 'collection.json'));
    expect(top).toMatchObject({ '@context': 'http://iiif.io/api/presentation/3/context.json', id: `${BASE}/collection.json`, type: 'Collection' });
    expectLanguageMap(top.label);
    const folders = (top.items as Doc[]).map((c) => read(fileOf(out, c.id)));
    expect(folders.map((c) => c.label.id[0]).sort()).toEqual([path.basename(rootA), path.basename(rootB)].sort());
    const manifestIds = folders.flatMap((c) => (c.items as Doc[]).map((m) => (expect(m.type).toBe('Manifest'), m.id as string)));
    expect(manifestIds.sort()).toEqual(ids.map((id) => `${BASE}/manifests/${id}.json`).sort());

    for (const [i, id] of ids.entries()) {
      const manifest = read(fileOf(out, `${BASE}/manifests/${id}.json`));
      // The IIIF community's parser reads it as a Presentation 3 manifest with one canvas, one painting annotation.
      const normalized = normalize(structuredClone(manifest));
      expect(normalized.resource).toMatchObject({ id: manifest.id, type: 'Manifest' });
      expect(Object.keys(normalized.entities.Canvas)).toEqual([`${BASE}/canvas/${id}`]);
      expect(Object.keys(normalized.entities.Annotation)).toHaveLength(1);
      const again = serialize<Doc>({ entities: normalized.entities, mapping: normalized.mapping, requests: {} }, normalized.resource, serializeConfigPresentation3);
      expect(again.items[0].width).toBe(sizes[i][0]);

      expect(manifest['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
      expectLanguageMap(manifest.label);
      for (const entry of manifest.metadata as Doc[]) {
        expectLanguageMap(entry.label);
        expect(Object.keys(entry.value).every((l) => ['id', 'en', 'none'].includes(l))).toBe(true);
      }
      const canvas = manifest.items[0];
      expect(canvas).toMatchObject({ type: 'Canvas', width: sizes[i][0], height: sizes[i][1] });
      const annotation = canvas.items[0].items[0];
      expect(annotation).toMatchObject({ type: 'Annotation', motivation: 'painting', target: canvas.id });
      expect(annotation.body).toMatchObject({ type: 'Image', format: 'image/jpeg', width: sizes[i][0], height: sizes[i][1] });
      expect(fs.existsSync(fileOf(out, annotation.body.id))).toBe(true);
      const [service] = annotation.body.service;
      expect(service).toMatchObject({ id: `${BASE}/images/${id}`, type: 'ImageService3', profile: 'level0' });
      const info = read(path.join(fileOf(out, service.id), 'info.json'));
      expect(info).toMatchObject({ id: service.id, type: 'ImageService3', profile: 'level0', width: sizes[i][0], height: sizes[i][1] });
      // The first tile at full resolution is there, where a level-0 client asks for it.
      const [tw, th] = [Math.min(info.tiles[0].width, sizes[i][0]), Math.min(info.tiles[0].width, sizes[i][1])];
      expect(fs.existsSync(path.join(fileOf(out, service.id), `0,0,${tw},${th}`, `${tw},${th}`, '0', 'default.jpg'))).toBe(true);
      expect(fs.existsSync(fileOf(out, manifest.thumbnail[0].id))).toBe(true);
    }

    // The validated kawung: its facet and the knowledge card's region, in both languages.
    const k = read(fileOf(out, `${BASE}/manifests/${ids[0]}.json`));
    expect(k.metadata).toEqual(
      expect.arrayContaining([
        { label: { id: ['Motif'], en: ['Motif'] }, value: { id: ['Kawung'], en: ['Kawung'] } },
        { label: { id: ['Daerah asal'], en: ['Region of origin'] }, value: { id: ['Yogyakarta dan Surakarta'], en: ['Yogyakarta and Surakarta'] } },
      ]),
    );
    expect(k.summary).toEqual({ none: ['Kain panjang'] });
    expect(k.requiredStatement.value).toEqual({ none: ['© Museum Batik'] });
  }, 60_000);

  it("labels a manifest with the archive's title and carries its date, place, description and identifier; a photo without keeps the file name", async () => {
    const { ctx, ids } = await iiifCatalogue();
    await importArchiveSheet(ctx, 'k1.jpg');
    const out = path.join(tempDir(), 'iiif');
    expect((await exportIiif(ctx, { out, baseUrl: BASE })).state).toBe('done');
    const k = read(fileOf(out, `${BASE}/manifests/${ids[0]}.json`));
    expect(k.label).toEqual({ id: ['Kain panjang Kawung Picis'], en: ['Kain panjang Kawung Picis'] });
    expect(k.metadata).toEqual(
      expect.arrayContaining([
        { label: { id: ['Judul'], en: ['Title'] }, value: { none: ['Kain panjang Kawung Picis'] } },
        { label: { id: ['Tanggal'], en: ['Date'] }, value: { none: ['1998-03-25'] } },
        { label: { id: ['Tempat'], en: ['Place'] }, value: { none: ['Pekalongan – Jawa Tengah'] } },
        { label: { id: ['Keterangan'], en: ['Description'] }, value: { none: ['Kain panjang dengan isen cecek; koleksi hibah'] } },
        { label: { id: ['Nomor'], en: ['Identifier'] }, value: { none: ['MB-1998-017'] } },
      ]),
    );
    expect(k.summary).toEqual({ none: ['Kain panjang dengan isen cecek; koleksi hibah'] });
    expect(k.navDate).toBe('1998-03-25T00:00:00Z');
    // The folder's collection lists it under the same label.
    const top = read(path.join(out, 'collection.json'));
    const members = (top.items as Doc[]).flatMap((c) => read(fileOf(out, c.id)).items as Doc[]);
    expect(members.find((m) => m.id === k.id)!.label).toEqual(k.label);

    const p = read(fileOf(out, `${BASE}/manifests/${ids[1]}.json`));
    expect(p.label).toEqual({ id: ['p1.jpg'], en: ['p1.jpg'] });
    expect(p.navDate).toBeUndefined();
    expect(p.summary).toBeUndefined();
    expect((p.metadata as Doc[]).map((e) => e.label.en[0])).toEqual(['File', 'SHA-256']);
  }, 60_000);

  it('skips and reports a photo whose original is gone, and writes the rest', async () => {
    const { ctx, rootA, ids } = await iiifCatalogue();
    fs.rmSync(path.join(rootA, 'parang/p1.jpg'));
    fs.writeFileSync(path.join(rootA, 'kawung/k1.jpg'), 'not a jpeg');
    const out = path.join(tempDir(), 'iiif');
    const job = await exportIiif(ctx, { out, baseUrl: BASE });
    expect(job.result).toMatchObject({
      manifests: 1,
      skipped: [
        { imageId: ids[0], reason: 'unreadable' },
        { imageId: ids[1], reason: 'missing', source: path.join(rootA, 'parang', 'p1.jpg') },
      ],
    });
    expect(fs.readdirSync(path.join(out, 'manifests'))).toEqual([`${ids[2]}.json`]);
    expect(fs.existsSync(path.join(out, 'images', String(ids[0])))).toBe(false);
  }, 60_000);

  it('refuses a base URL that is not absolute http(s) and an output inside an import folder, writing nothing', async () => {
    const { ctx, rootA } = await iiifCatalogue();
    const dir = tempDir();
    for (const baseUrl of ['iiif/batik', '/iiif', 'ftp://museum.example/iiif', 'https://museum.example/iiif?x=1', 'museum.example']) {
      expect(await dispatch('export.iiif', { out: path.join(dir, 'iiif'), baseUrl }, ctx), baseUrl).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', messageKey: 'iiifBaseUrlNotAbsolute', params: { url: baseUrl } },
      });
    }
    expect(await dispatch('export.iiif', { out: path.join(rootA, 'iiif'), baseUrl: BASE }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('inside') },
    });
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.existsSync(path.join(rootA, 'iiif'))).toBe(false);
    expect(ctx.jobs.list()).toEqual([]);
  }, 60_000);
});
