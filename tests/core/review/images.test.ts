import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, api, apiError, predict } from './fixture.js';

async function catalogueWithFiles() {
  const ctx = await tempContext();
  const root = tempDir();
  await writeJpeg(path.join(root, 'kawung', 'a.jpg'), 1, 96);
  await writeJpeg(path.join(root, 'kawung', 'b.jpg'), 2, 32);
  const ids = await insertImages(ctx.db, root, ['kawung/a.jpg', 'kawung/b.jpg']);
  return { ctx, root, ids };
}

describe('images through the API', () => {
  it('serves the cached thumbnail and the re-encoded original by id', async () => {
    const { ctx, ids } = await catalogueWithFiles();
    const thumb = await api(ctx, 'image.thumbnail', { id: ids[0] });
    expect(thumb.mime).toBe('image/webp');
    expect((await sharp(Buffer.from(thumb.base64, 'base64')).metadata()).format).toBe('webp');

    const full = await api(ctx, 'image.full', { id: ids[0] });
    expect(full).toMatchObject({ mime: 'image/jpeg', width: 96, height: 96, originalWidth: 96, originalHeight: 96 });
    const small = await api(ctx, 'image.full', { id: ids[0], maxSize: 64, format: 'webp' });
    expect((await sharp(Buffer.from(small.base64, 'base64')).metadata()).format).toBe('webp');
    expect(small).toMatchObject({ width: 64, height: 64, originalWidth: 96 });
  });

  it('answers a missing original with not_found and a relink hint, and flags it in the grid', async () => {
    const { ctx, root, ids } = await catalogueWithFiles();
    fs.rmSync(path.join(root, 'kawung', 'a.jpg'));
    const err = await apiError(ctx, 'image.full', { id: ids[0] });
    expect(err.code).toBe('not_found');
    expect(err.message).toMatch(/missing.*kawung\/a\.jpg.*relink/s);
    const item = (await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'a.jpg' } })).items[0];
    expect(item).toMatchObject({ missing: true, error: 'missing_file', hasThumbnail: true });
    // the thumbnail is still there for the placeholder
    expect((await api(ctx, 'image.thumbnail', { id: ids[0] })).base64.length).toBeGreaterThan(10);
    // putting the file back clears the flag
    await writeJpeg(path.join(root, 'kawung', 'a.jpg'), 1, 96);
    await api(ctx, 'image.full', { id: ids[0] });
    expect((await api(ctx, 'review.query', { facet: 'motif', filter: { text: 'a.jpg' } })).items[0].missing).toBe(false);
  });

  it('refuses unknown ids and ids given as paths', async () => {
    const { ctx, ids } = await catalogueWithFiles();
    expect(await apiError(ctx, 'image.thumbnail', { id: 999 })).toMatchObject({ code: 'not_found', message: 'No image with id 999' });
    expect(await apiError(ctx, 'image.full', { id: 999 })).toMatchObject({ code: 'not_found' });
    expect(await apiError(ctx, 'image.full', { id: '/etc/passwd' } as never)).toMatchObject({ code: 'invalid_input' });
    expect(await apiError(ctx, 'image.full', { id: ids[0], path: '/etc/passwd' } as never)).toMatchObject({ code: 'invalid_input' });
    ctx.db.prepare('DELETE FROM thumbnails WHERE image_id = ?').run(ids[1]);
    expect(await apiError(ctx, 'image.thumbnail', { id: ids[1] })).toMatchObject({ code: 'not_found', message: expect.stringContaining('no thumbnail') });
  });

  it('gives the large view metadata, top-k per facet, near-duplicates and history', async () => {
    const { ctx, ids } = await catalogueWithFiles();
    await api(ctx, 'settings.set', { validator: 'Sari' });
    const model = addModel(ctx.db, 'motif', 'motif-v1');
    predict(ctx.db, ids[0], 'motif', model, 'kawung', 0.7);
    ctx.db.prepare('UPDATE images SET dup_group = ? WHERE id IN (?, ?)').run(ids[0], ids[0], ids[1]);
    await api(ctx, 'review.decide', { facet: 'motif', ids: [ids[0]], action: 'label', label: 'parang' });
    const d = await api(ctx, 'image.detail', { id: ids[0] });
    expect(d).toMatchObject({ id: ids[0], fileName: 'a.jpg', relPath: 'kawung/a.jpg', width: 96, height: 96, format: 'jpeg', missing: false, hasThumbnail: true });
    const motif = d.facets.find((f) => f.facet === 'motif')!;
    expect(motif).toMatchObject({ status: 'corrected', label: 'parang', validator: 'Sari', modelVersion: 'motif-v1', confidence: 0.7, topk: [{ label: 'kawung', name: 'Kawung', p: 0.7 }] });
    expect(d.facets.find((f) => f.facet === 'tema')).toMatchObject({ status: 'unreviewed', topk: [] });
    expect(d.duplicates).toEqual([{ id: ids[1], fileName: 'b.jpg', width: 32, height: 32, hasThumbnail: true }]);
    expect(d.history.map((h) => [h.action, h.fromLabel, h.toLabel])).toEqual([['label', 'kawung', 'parang']]);
    expect(await apiError(ctx, 'image.detail', { id: 12345 })).toMatchObject({ code: 'not_found' });
  });
});
