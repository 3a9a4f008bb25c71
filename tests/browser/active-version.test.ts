import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import type { Page } from 'playwright';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { insertImages, writeJpeg } from '../helpers/images.js';
import { tempContext, tempDir } from '../helpers/temp.js';

/**
 * The roll-back run, in Chromium through the HTTP transport: two
 * versions whose predictions are both kept in the catalogue; activating one
 * and rolling back to the other changes what the grid, its counts, the large
 * view, the model filter and the classify screen say, without a reload.
 */
const LABELS = ['kawung', 'megamendung', 'parang', 'truntum'];
const N = 6;
const V2_CLASSIFIED = 4;

async function seed(db: Database): Promise<number[]> {
  const root = tempDir('canting-versions-photos-');
  const rels = Array.from({ length: N }, (_, i) => `kain-${i + 1}.jpg`);
  for (const [i, rel] of rels.entries()) await writeJpeg(path.join(root, rel), i + 1, 32);
  const ids = await insertImages(db, root, rels);
  const facetId = db.prepare("SELECT id FROM facets WHERE key = 'motif'").pluck().get() as number;
  const labelId = (key: string) => db.prepare('SELECT id FROM labels WHERE facet_id = ? AND key = ?').pluck().get(facetId, key) as number;
  const model = db.prepare(
    `INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at)
     VALUES (?, ?, 'trained', ?, ?, ?, '{}', x'00', ?, ?)`,
  );
  const version = (name: string, active: boolean, at: string) =>
    Number(
      model.run(facetId, name, BACKBONE_ID, JSON.stringify(LABELS), JSON.stringify({ facet: 'motif', version: name, labels: LABELS, backbone: BACKBONE_ID, metrics: { accuracy: 0.8 }, training: { images: 12 } }), active ? 1 : 0, at)
        .lastInsertRowid,
    );
  // motif-v1 takes over from the shipped head, registered active when the catalogue was opened.
  db.prepare('UPDATE models SET active = 0 WHERE facet_id = ?').run(facetId);
  const v1 = version('motif-v1', true, '2026-01-01T00:00:00.000Z');
  const v2 = version('motif-v2', false, '2026-02-01T00:00:00.000Z');
  const predict = db.prepare(
    "INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  // motif-v1 classified every image as kawung; motif-v2 (which ran last) classified four, as parang.
  for (const id of ids) predict.run(id, facetId, v1, labelId('kawung'), 0.9, 0.2, JSON.stringify([{ label: 'kawung', p: 0.9 }]), '2026-01-02T00:00:00.000Z');
  for (const id of ids.slice(0, V2_CLASSIFIED)) predict.run(id, facetId, v2, labelId('parang'), 0.7, 0.5, JSON.stringify([{ label: 'parang', p: 0.7 }]), '2026-02-02T00:00:00.000Z');
  return ids;
}

const count = async (page: Page, testId: string) => Number((await page.textContent(`[data-testid=${testId}] b`))?.trim());
const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
const motifModels = async (page: Page) => {
  await nav(page, 'Model');
  await page.getByTestId('learn-facet').selectOption('motif');
};
const modelOptions = (page: Page) => page.$$eval('[data-testid=filter-model] option', (os) => os.map((o) => o.textContent));
/** The large view of one image (it follows the grid's focus). */
const largeView = async (page: Page, id: number) => {
  await page.click(`[data-id="${id}"]`);
  return page.getByTestId('large-view').textContent();
};

describe.skipIf(!rendererBuilt())('browser: the active version is what the catalogue shows', () => {
  it('switches the grid, counts, large view, model filter and classify count on activation and roll-back, without a reload', async () => {
    const ctx = await tempContext();
    const ids = await seed(ctx.db);
    // Activation is signed: the catalogue already knows who is working.
    ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Siti Rahayu')").run();
    const { page, errors } = await openApp(ctx);

    // motif-v1 is active: all six are its kawung, although motif-v2 ran last.
    await page.waitForSelector('[data-testid=grid-cell]');
    await expect.poll(() => count(page, 'count-label-kawung')).toBe(N);
    expect(await count(page, 'count-status-predicted')).toBe(N);
    await page.click(`[data-id="${ids[0]}"]`);
    await page.keyboard.press(' ');
    await expect.poll(() => largeView(page, ids[0])).toContain('Versi modelmotif-v1');
    await expect.poll(() => modelOptions(page)).toEqual(['Semua versi', 'motif-v1 (6)']);

    // Activate motif-v2 on the Models screen.
    await motifModels(page);
    await page.getByTestId('learn-activate-motif-v2').click();
    // The check before activation (evaluation set, prediction shift) asks to confirm.
    await page.getByTestId('learn-activate-confirm').click();
    await expect.poll(() => page.getByTestId('learn-version-motif-v2').textContent()).toContain('aktif');

    // The review screen (never reloaded) shows motif-v2's four, and two images it has not classified.
    await nav(page, 'Tinjauan');
    await expect.poll(() => count(page, 'count-label-parang')).toBe(V2_CLASSIFIED);
    expect(await count(page, 'count-label-kawung')).toBe(0);
    expect(await count(page, 'count-status-predicted')).toBe(V2_CLASSIFIED);
    expect(await count(page, 'count-status-unreviewed')).toBe(N - V2_CLASSIFIED);
    await expect.poll(() => largeView(page, ids[0])).toContain('Versi modelmotif-v2');
    await expect.poll(() => largeView(page, ids[N - 1])).toContain('Belum ada prediksi untuk gambar ini');
    await expect.poll(() => modelOptions(page)).toEqual(['Semua versi', 'motif-v2 (4)']);

    // The classify screen offers exactly the two motif-v2 has not classified.
    await nav(page, 'Klasifikasi');
    await expect.poll(() => page.getByTestId('classify-status').textContent()).toBe(`Model motif-v2 · ${V2_CLASSIFIED} dari ${N} gambar terklasifikasi`);
    expect(await page.getByTestId('classify-continue').isEnabled()).toBe(true);

    // Roll back: motif-v1's kept predictions are shown again at once.
    await motifModels(page);
    await page.getByTestId('learn-rollback').click();
    await expect.poll(() => page.getByTestId('learn-version-motif-v1').textContent()).toContain('aktif');
    await nav(page, 'Tinjauan');
    await expect.poll(() => count(page, 'count-label-kawung')).toBe(N);
    expect(await count(page, 'count-label-parang')).toBe(0);
    expect(await count(page, 'count-status-unreviewed')).toBe(0);
    await expect.poll(() => largeView(page, ids[N - 1])).toContain('Versi modelmotif-v1');
    await expect.poll(() => modelOptions(page)).toEqual(['Semua versi', 'motif-v1 (6)']);
    await nav(page, 'Klasifikasi');
    await expect.poll(() => page.getByTestId('classify-status').textContent()).toBe(`Model motif-v1 · ${N} dari ${N} gambar terklasifikasi`);
    expect(await page.getByTestId('classify-continue').isEnabled()).toBe(false);
    expect(errors).toEqual([]);
  }, 180_000);
});
