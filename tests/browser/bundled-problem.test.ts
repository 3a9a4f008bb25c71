import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../electron/core/app/paths.js';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { tempContext, tempDir } from '../helpers/temp.js';

/** A damaged installation, in Chromium through the HTTP transport: the app says so once, on top, in the user's language. */
describe.skipIf(!rendererBuilt())('browser: a damaged shipped model', () => {
  it('is named in a banner above every screen, with what to do', async () => {
    const modelsDir = tempDir();
    fs.cpSync(path.join(MODELS_DIR, 'motif'), path.join(modelsDir, 'motif'), { recursive: true });
    fs.rmSync(path.join(modelsDir, 'motif', 'weights.bin'));
    const ctx = await tempContext({ modelsDir });
    const { page, errors } = await openApp(ctx);
    const banner = page.getByTestId('bundled-problem');
    await expect.poll(() => banner.textContent()).toMatch(/^Model bawaan Canting di models\/motif rusak dan tidak didaftarkan \(.*weights\.bin.*\)\. Pasang ulang Canting/);
    expect(await banner.textContent()).not.toContain(modelsDir);
    await page.getByRole('navigation').getByRole('button', { name: 'Klasifikasi', exact: true }).click();
    expect(await banner.isVisible()).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
