import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { startServer } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { launchChromium } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { writeJpeg } from '../helpers/images.js';
import { onCleanup, tempContext, tempDir } from '../helpers/temp.js';

/**
 * The user guide's pictures (docs/guide.id.md, docs/guide.en.md), taken from a
 * real session in Chromium: a generated box of photos imported and classified
 * through the screens, a few decisions, then every screen in Bahasa Indonesia
 * and in English. Synthetic photos only: the guide must not show third-party
 * images. Rerunning the test refreshes docs/img, so the guide never goes stale.
 */
const IMG_DIR = path.resolve('docs/img');
const LABELS = ['kawung', 'megamendung', 'parang', 'truntum'];
const SCREENS = {
  id: { import: 'Impor', classify: 'Klasifikasi', review: 'Tinjauan', models: 'Model', export: 'Ekspor' },
  en: { import: 'Import', classify: 'Classification', review: 'Review', models: 'Models', export: 'Export' },
} as const;

/** The interface language the page starts in (what the language switch remembers). */
const startIn = (page: Page, language: 'id' | 'en') =>
  page.addInitScript((lng) => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('canting.language', lng), language);
type Storage = { setItem(key: string, value: string): void };

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click({ timeout: 15000 });

async function shoot(page: Page, language: string, name: string): Promise<void> {
  await page.waitForTimeout(300); // let the screen settle (fonts, thumbnails)
  const file = path.join(IMG_DIR, `guide-${language}-${name}.png`);
  await page.screenshot({ path: file });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

describe.skipIf(!rendererBuilt())('browser: the user guide’s screenshots', () => {
  it('walks import → classify → review → models → export in both languages and refreshes docs/img', { timeout: 180_000 }, async () => {
    const photos = path.join(tempDir('canting-guide-'), 'Kotak 01');
    for (const [c, label] of LABELS.entries()) {
      for (let i = 0; i < 3; i++) await writeJpeg(path.join(photos, label, `${label}-${i + 1}.jpg`), 70 + c * 3 + i, 160, c % 2 ? 'dots' : 'stripes');
    }
    const ctx = await tempContext();
    ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Dewi Lestari')").run();
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    fs.mkdirSync(IMG_DIR, { recursive: true });

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await startIn(page, 'id');
    await page.goto(server.url);

    // Import and classify through the screens, as an archivist would.
    const id = SCREENS.id;
    await nav(page, id.import);
    await page.getByTestId('import-path').fill(photos);
    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-state').textContent(), { timeout: 60_000 }).toContain('selesai');
    await shoot(page, 'id', 'import');
    await nav(page, id.classify);
    await page.getByTestId('classify-facet').selectOption('motif');
    await page.getByTestId('classify-start').click();
    await expect.poll(() => page.getByTestId('classify-progress').textContent(), { timeout: 120_000, interval: 500 }).toContain('selesai');
    await shoot(page, 'id', 'classify');

    // A validator's first decisions, then the large view.
    await nav(page, id.review);
    await page.getByTestId('facet').selectOption('motif');
    await page.waitForSelector('[data-testid=grid-cell]');
    const decided = () => page.$$eval('[data-status=validated], [data-status=corrected]', (els) => els.length);
    const focused = () => page.getAttribute('[aria-current=true]', 'data-id');
    await page.locator('[data-testid=grid-cell]').first().click();
    const first = await focused();
    await page.keyboard.press('Enter');
    await expect.poll(decided).toBe(1);
    // the focus moves on once the decision is stored; the next key is for the next image
    await expect.poll(focused).not.toBe(first);
    await page.keyboard.press('3');
    await expect.poll(decided).toBe(2);
    await page.waitForTimeout(4200); // the confirmation toast fades
    await shoot(page, 'id', 'review');
    await page.keyboard.press(' ');
    await page.waitForSelector('[data-testid=large-view]');
    await shoot(page, 'id', 'large');
    await page.keyboard.press('Escape');
    await nav(page, id.models);
    await page.getByTestId('learn-facet').selectOption('motif');
    await shoot(page, 'id', 'models');
    await nav(page, id.export);
    await shoot(page, 'id', 'export');

    // The same screens in English, on the same catalogue.
    const en = SCREENS.en;
    await startIn(page, 'en');
    await page.reload();
    await nav(page, en.review);
    await page.getByTestId('facet').selectOption('motif');
    await page.waitForSelector('[data-testid=grid-cell]');
    await shoot(page, 'en', 'review');
    await page.keyboard.press(' ');
    await page.waitForSelector('[data-testid=large-view]');
    await shoot(page, 'en', 'large');
    await page.keyboard.press('Escape');
    for (const screen of ['import', 'classify', 'models', 'export'] as const) {
      await nav(page, en[screen]);
      if (screen === 'classify') await page.getByTestId('classify-facet').selectOption('motif');
      if (screen === 'models') await page.getByTestId('learn-facet').selectOption('motif');
      await shoot(page, 'en', screen);
    }
    expect(errors).toEqual([]);
  });
});
