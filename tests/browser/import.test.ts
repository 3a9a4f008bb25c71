import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { launchChromium } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { onCleanup, tempContext, tempDir } from '../helpers/temp.js';
import { writePhoto } from '../core/importer/fixtures/photos.js';

const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

describe.skipIf(!rendererBuilt())('browser: import a folder through the UI', () => {
  it('types a folder path, follows the progress to the end and lists the file that failed with its reason', async () => {
    const ctx = await tempContext();
    const photos = path.join(tempDir(), 'Arsip Batik', 'Parang');
    for (let i = 0; i < 24; i++) await writePhoto(path.join(photos, `laci${i % 2}`, `kain-${i}.jpg`), 300 + i, 48);
    fs.writeFileSync(path.join(photos, 'rusak.jpg'), 'bukan foto');

    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    const browser = await launchChromium();
    onCleanup(() => browser.close());
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Impor', exact: true }).click({ timeout: 15000 });
    const panel = page.getByTestId('import-panel');
    await expect(panel.getByRole('heading', { name: 'Impor', exact: true }).isVisible()).resolves.toBe(true);

    // a folder that does not exist says so, in the interface language
    await page.getByTestId('import-path').fill(path.join(photos, 'tidak-ada'));
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-error').textContent({ timeout: 15000 })).resolves.toBe(`Folder "${path.join(photos, 'tidak-ada')}" tidak ada`);
    // and a relative path is refused rather than looked up where the server happened to start
    await page.getByTestId('import-path').fill('Arsip Batik');
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-error').textContent({ timeout: 15000 })).resolves.toContain('Tulis jalur lengkap "Arsip Batik"');

    await page.getByTestId('import-path').fill(path.dirname(photos));
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-state').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('import-state').textContent()).resolves.toContain('selesai');
    await expect(page.getByTestId('import-found').textContent()).resolves.toBe('25');
    await expect(page.getByTestId('import-done').textContent()).resolves.toBe('24');
    await expect(page.getByTestId('import-failed').textContent()).resolves.toBe('1');
    const bar = page.getByTestId('import-progress').locator('progress');
    await expect(bar.evaluate((el) => [(el as unknown as { value: number }).value, (el as unknown as { max: number }).max])).resolves.toEqual([25, 25]);
    const errors = page.getByTestId('import-errors');
    await expect(errors.textContent()).resolves.toContain('1 berkas tidak dapat diimpor');
    await expect(errors.textContent()).resolves.toContain(path.join(photos, 'rusak.jpg'));
    // the kind and the file's reason, both in Bahasa Indonesia
    await expect(errors.textContent()).resolves.toMatch(/Bukan gambar: 1.*Bukan gambar, atau gambar dalam format yang tidak dapat dibaca Canting/);
    await expect(page.getByTestId('import-roots').textContent()).resolves.toContain('24 gambar');

    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n).toBe(24);
    // the folder name "Parang" became a motif hint for every image
    expect((ctx.db.prepare("SELECT COUNT(*) AS n FROM hints WHERE source = 'folder:Parang'").get() as { n: number }).n).toBe(24);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'import-panel.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
