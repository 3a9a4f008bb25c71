import fs from 'node:fs';
import { DEFAULT_VERSION } from '../../electron/core/workflows/train-default.js';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import type { ReviewHistoryEntry } from '../../electron/common/contract/index.js';
import { startServer } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { launchChromium } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { writeJpeg } from '../helpers/images.js';
import { onCleanup, tempContext, tempDir } from '../helpers/temp.js';

/**
 * The whole path a validator takes, in Chromium through the HTTP transport:
 * import a generated folder through the import panel, classify the motif
 * facet with the real bundled model (MobileNetV2 backbone on wasm) through the
 * classify panel, then review the predictions with the keyboard. Nothing is
 * seeded into the catalogue directly.
 */
const SCREENSHOT_DIR = path.resolve('test-results');
const LABELS = ['kawung', 'megamendung', 'parang', 'truntum'];
const PER_LABEL = 2;
const N = LABELS.length * PER_LABEL;

const cellIds = (page: Page) => page.$$eval('[data-testid=grid-cell]', (els) => els.map((e) => Number(e.getAttribute('data-id'))));
const focusedId = (page: Page) => page.$eval('[aria-current=true]', (e) => Number(e.getAttribute('data-id')));
const statusOf = (page: Page, id: number) => page.getAttribute(`[data-id="${id}"]`, 'data-status');
const count = async (page: Page, testId: string) => Number((await page.textContent(`[data-testid=${testId}] b`))?.trim());

describe.skipIf(!rendererBuilt())('browser: import → classify → review, end to end', () => {
  it('imports a folder, classifies it with the bundled model and reviews the predictions with the keyboard', { timeout: 180_000 }, async () => {
    const photos = path.join(tempDir('canting-e2e-'), 'Arsip');
    for (const [c, label] of LABELS.entries()) {
      for (let i = 0; i < PER_LABEL; i++) await writeJpeg(path.join(photos, label, `${label}-${i + 1}.jpg`), 40 + c * PER_LABEL + i, 96);
    }
    const ctx = await tempContext();
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    // The audit log as any API client reads it: over HTTP with the run's token.
    const api = async <T>(name: string, input: unknown): Promise<T> => {
      const res = await fetch(`${server.origin}/api/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as { ok: boolean; value?: T; error?: unknown };
      if (!body.ok) throw new Error(JSON.stringify(body.error));
      return body.value as T;
    };
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);

    // 1. Import through the import panel.
    await page.getByRole('button', { name: 'Impor', exact: true }).click({ timeout: 15000 });
    await page.getByTestId('import-path').fill(photos);
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-state').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('import-state').textContent()).resolves.toContain('selesai');
    await expect(page.getByTestId('import-done').textContent()).resolves.toBe(String(N));

    // Nobody has said who they are yet, and nothing asks before a decision needs it.
    expect(await page.getByTestId('validator-prompt').count()).toBe(0);

    // 2. Classify the motif facet with the bundled model through the classify panel.
    await page.getByRole('button', { name: 'Klasifikasi', exact: true }).click();
    await page.getByTestId('classify-facet').selectOption('motif');
    await expect.poll(() => page.getByTestId('classify-status').textContent(), { timeout: 30000 }).toMatch(new RegExp(`0 dari ${N}`));
    await page.getByTestId('classify-start').click();
    await expect.poll(() => page.getByTestId('classify-progress').textContent(), { timeout: 120_000, interval: 500 }).toContain('selesai');
    await expect.poll(() => page.getByTestId('classify-status').textContent()).toMatch(new RegExp(`${N} dari ${N}`));

    // 3. The predictions are in the grid, least certain first.
    await page.getByRole('button', { name: 'Tinjauan', exact: true }).click();
    await page.getByTestId('facet').selectOption('motif');
    await expect.poll(() => count(page, 'count-status-predicted'), { timeout: 15000 }).toBe(N);
    const order = await cellIds(page);
    expect(order).toHaveLength(N);
    const query = await api<{ items: { id: number; label: string; confidence: number; uncertainty: number; modelVersion: string }[] }>('review.query', {
      facet: 'motif',
      sort: 'uncertainty',
    });
    expect(query.items.map((i) => i.id)).toEqual(order);
    for (const item of query.items) {
      expect(LABELS).toContain(item.label);
      expect(item.confidence).toBeGreaterThan(0);
      expect(item.modelVersion).toBe(DEFAULT_VERSION);
    }
    for (let i = 1; i < query.items.length; i++) expect(query.items[i].uncertainty).toBeLessThanOrEqual(query.items[i - 1].uncertainty);
    const predicted = new Map(query.items.map((i) => [i.id, i.label]));
    // each cell shows its predicted label
    await expect(page.locator(`[data-id="${order[0]}"]`).textContent()).resolves.toMatch(/kawung|mega|parang|truntum/i);

    // 4. Review with the keyboard: validate, correct with a number key, reject, undo the rejection.
    const [a, b, c] = order;
    expect(await focusedId(page)).toBe(a);
    await page.keyboard.press('Enter');
    // The first decision asks who is validating, then is recorded under that name.
    await page.getByTestId('validator-name').fill('Dewi Lestari', { timeout: 15000 });
    await page.getByTestId('validator-name').press('Enter');
    await expect.poll(() => page.title()).toContain('Dewi Lestari');
    await expect.poll(() => statusOf(page, a)).toBe('validated');
    await expect.poll(() => focusedId(page)).toBe(b);
    const wrong = LABELS.find((l) => l !== predicted.get(b))!;
    await page.keyboard.press(String(LABELS.indexOf(wrong) + 1));
    await expect.poll(() => statusOf(page, b)).toBe('corrected');
    await expect.poll(() => focusedId(page)).toBe(c);
    await page.keyboard.press('x');
    await expect.poll(() => statusOf(page, c)).toBe('rejected');
    await expect.poll(() => count(page, 'count-status-rejected')).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => statusOf(page, c)).toBe('predicted');

    // Counts on screen and in the catalogue agree.
    await expect.poll(() => count(page, 'count-status-rejected')).toBe(0);
    expect(await count(page, 'count-status-validated')).toBe(1);
    expect(await count(page, 'count-status-corrected')).toBe(1);
    expect(await count(page, 'count-status-predicted')).toBe(N - 2);
    const counts = await api<{ counts: { byStatus: Record<string, number> } }>('review.query', { facet: 'motif', limit: 1 });
    expect(counts.counts.byStatus).toMatchObject({ validated: 1, corrected: 1, rejected: 0, predicted: N - 2 });

    // The audit log, read through the API: who, from → to, which model; undo is a new entry.
    const history = async (id: number) => api<ReviewHistoryEntry[]>('review.history', { id, facet: 'motif' });
    const [ha, hb, hc] = await Promise.all([history(a), history(b), history(c)]);
    expect(ha).toHaveLength(1);
    expect(ha[0]).toMatchObject({ actor: 'Dewi Lestari', fromStatus: 'predicted', toStatus: 'validated', toLabel: predicted.get(a), modelVersion: DEFAULT_VERSION });
    expect(hb).toHaveLength(1);
    expect(hb[0]).toMatchObject({ actor: 'Dewi Lestari', fromStatus: 'predicted', toStatus: 'corrected', fromLabel: predicted.get(b), toLabel: wrong });
    expect(hc.map((e) => [e.action, e.toStatus])).toEqual([
      ['reject', 'rejected'],
      ['undo', 'predicted'],
    ]);
    expect(hc[1].undoOf).toBe(hc[0].id);
    expect(hc.every((e) => e.actor === 'Dewi Lestari')).toBe(true);

    // 5. "Suggested next": the images active learning asks for, in its order, then back to the normal view.
    await page.getByTestId('suggest-next').click();
    await page.getByTestId('list-banner').waitFor({ timeout: 30000 });
    const suggested = await api<{ items: { imageId: number }[] }>('learn.suggest', { facet: 'motif', limit: 100 });
    expect(suggested.items.length).toBeGreaterThan(0);
    expect(suggested.items.map((i) => i.imageId)).not.toContain(a); // reviewed ones are not suggested
    await expect.poll(() => cellIds(page)).toEqual(suggested.items.map((i) => i.imageId));
    await expect(page.getByTestId('list-banner').textContent()).resolves.toContain(`Saran berikutnya: ${suggested.items.length} gambar`);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'end-to-end-suggested.png') });
    await page.getByTestId('list-back').click();
    await expect.poll(() => cellIds(page)).toEqual(order);
    expect(await page.getByTestId('sort').inputValue()).toBe('uncertainty');

    // 6. The main screen after a real run, for a human reviewer.
    await page.waitForTimeout(4200); // let the confirmation toast fade before the picture
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'end-to-end-main.png') });
    expect(errors).toEqual([]);
  });
});
