import { describe, expect, it } from 'vitest';
import { startServer } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { launchChromium } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { onCleanup, tempContext } from '../helpers/temp.js';

describe.skipIf(!rendererBuilt())('browser: served UI', () => {
  it('opens in Chromium and shows an empty catalogue in Bahasa Indonesia, then English', async () => {
    const ctx = await tempContext();
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await expect(page.getByTestId('empty-catalogue').textContent({ timeout: 15000 })).resolves.toContain('Katalog ini masih kosong');
    // the token left the address bar but the page keeps working
    expect(page.url()).not.toContain('token=');
    await page.getByRole('combobox').first().selectOption('en');
    await expect(page.getByTestId('empty-catalogue').textContent()).resolves.toContain('This catalogue is empty');
    expect(errors).toEqual([]);
  });

  it('without the token the page shows a clear error instead of data', async () => {
    const ctx = await tempContext();
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage();
    await page.goto(server.origin + '/');
    await expect(page.getByRole('alert').textContent({ timeout: 15000 })).resolves.toMatch(/token/i);
  });
});
