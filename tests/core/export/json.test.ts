import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCatalogueExport } from '../../../electron/core/export/jobs.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, images, predict, review } from './fixture.js';

describe('catalogue JSON export', () => {
  it('writes one object per image with every prediction and the full review history', async () => {
    const ctx = await tempContext();
    const root = tempDir('canting-photos-');
    const ids = await images(ctx.db, root, ['ꦏꦮꦸꦁ/kain 🌺.jpg', 'b.jpg']);
    const v1 = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'parang']);
    const v2 = addModel(ctx.db, 'motif', 'motif-v2', ['kawung', 'parang']);
    predict(ctx.db, ids[0], 'motif', v1, 'parang', 0.6, '2026-02-01T00:00:00.000Z');
    const p2 = predict(ctx.db, ids[0], 'motif', v2, 'parang', 0.7, '2026-02-05T00:00:00.000Z');
    review(ctx.db, ids[0], 'motif', { status: 'corrected', label: 'kawung', validator: 'Sari', note: 'Kawung, bukan parang 🙂', at: '2026-03-01T00:00:00.000Z', predictionId: p2, fromLabel: 'parang' });
    review(ctx.db, ids[0], 'motif', { status: 'validated', label: 'kawung', validator: 'Dewi', note: 'Kawung, bukan parang 🙂', at: '2026-03-02T00:00:00.000Z', predictionId: p2, fromLabel: 'kawung' });
    ctx.db.prepare("INSERT INTO audit_log (at, actor, action, entity, image_id) VALUES ('2026-03-03T00:00:00.000Z', 'Sari', 'relink', 'image', ?)").run(ids[0]);

    const out = path.join(tempDir(), 'katalog.json');
    const result = await startCatalogueExport(ctx, 'json', { out }).done;
    expect(result.images).toBe(2);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.format).toBe('canting-catalogue');
    expect(doc.facets.map((f: { key: string }) => f.key)).toEqual(['tema', 'motif']);
    expect(doc.images).toHaveLength(2);

    const [a, b] = doc.images;
    expect(a.id).toBe(ids[0]);
    expect(a.file.source).toBe('ꦏꦮꦸꦁ/kain 🌺.jpg');
    // The import root the source path is relative to, so the two give the original file.
    expect(a.file.root).toBe(root);
    expect(fs.existsSync(path.join(a.file.root, a.file.source))).toBe(true);
    expect(a.file.fileName).toBe('kain 🌺.jpg');
    const motif = a.facets.motif;
    expect(motif.current).toMatchObject({ status: 'validated', finalLabel: 'kawung', predictedLabel: 'parang', modelVersion: 'motif-v2', validator: 'Dewi', note: 'Kawung, bukan parang 🙂' });
    expect(motif.predictions.map((p: { modelVersion: string; confidence: number }) => [p.modelVersion, p.confidence])).toEqual([
      ['motif-v1', 0.6],
      ['motif-v2', 0.7],
    ]);
    expect(motif.predictions[0].topk).toEqual([{ label: 'parang', p: 0.6 }]);
    expect(motif.history.map((h: { actor: string; toStatus: string; toLabel: string; fromLabel: string }) => [h.actor, h.toStatus, h.fromLabel, h.toLabel])).toEqual([
      ['Sari', 'corrected', 'parang', 'kawung'],
      ['Dewi', 'validated', 'kawung', 'kawung'],
    ]);
    expect(motif.history[0].details).toEqual({ via: 'test' });
    expect(a.history.map((h: { action: string }) => h.action)).toEqual(['relink']);
    expect(a.facets.tema).toMatchObject({ current: { status: 'unreviewed' }, predictions: [], history: [] });
    expect(b.facets.motif.current.status).toBe('unreviewed');
  });

  it('exports only the filtered images', async () => {
    const ctx = await tempContext();
    const root = tempDir('canting-photos-');
    const ids = await images(ctx.db, root, ['a.jpg', 'b.jpg', 'c.jpg']);
    const m = addModel(ctx.db, 'tema', 'tema-v1', ['flora', 'fauna']);
    for (const id of ids) predict(ctx.db, id, 'tema', m, 'flora', 0.9);
    review(ctx.db, ids[1], 'tema', { status: 'rejected' });
    const out = path.join(tempDir(), 'k.json');
    await startCatalogueExport(ctx, 'json', { out, filter: { facet: 'tema', statuses: ['predicted'] } }).done;
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.images.map((i: { id: number }) => i.id)).toEqual([ids[0], ids[2]]);
    expect(Object.keys(doc.images[0].facets)).toEqual(['tema']);
    expect(doc.filter).toEqual({ facet: 'tema', statuses: ['predicted'], labels: null });
  });
});
