import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright';
import { electronBinaryPath } from '../../scripts/electron-binary.js';
import { APP_ROOT } from '../../electron/core/app/paths.js';
import { onCleanup, tempDir } from '../helpers/temp.js';

const exe: string | null = electronBinaryPath();
if (!exe) console.log('skipped: Electron binary not installed');

describe.skipIf(!exe)('Electron smoke test', () => {
  it('launches, shows the catalogue, and answers an API call over IPC', async () => {
    const db = path.join(tempDir(), 'smoke.sqlite');
    const app = await electron.launch({
      executablePath: exe!,
      args: [path.join(APP_ROOT, 'dist/electron/main/main.js'), '--db', db, '--no-sandbox'],
      cwd: APP_ROOT,
    });
    onCleanup(() => app.close());
    const win = await app.firstWindow();
    await expect(win.getByTestId('empty-catalogue').textContent({ timeout: 30000 })).resolves.toContain('Katalog ini masih kosong');
    const info = await win.evaluate(() => (globalThis as unknown as { canting: { call(n: string, i: unknown): Promise<unknown> } }).canting.call('catalogue.info', {}));
    expect(info).toMatchObject({ ok: true, value: { path: db } });
    // the bridge refuses calls that are not in the contract
    const bad = await win.evaluate(() => (globalThis as unknown as { canting: { call(n: string, i: unknown): Promise<unknown> } }).canting.call('fs.readFile', {}));
    expect(bad).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });
});
