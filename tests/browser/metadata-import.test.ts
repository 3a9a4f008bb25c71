import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { tempContext, tempDir } from '../helpers/temp.js';
import { images } from '../core/export/fixture.js';

describe.skipIf(!rendererBuilt())('browser: import an archive spreadsheet through the Impor panel', () => {
  it('previews a Windows-1252 sheet, maps a column, dry-runs, applies and undoes', async () => {
    const ctx = await tempContext();
    const root = tempDir('canting-photos-');
    const ids = await images(ctx.db, root, ['kawung/001.jpg', 'parang/002.jpg']);
    const csv = path.join(tempDir(), 'katalog.csv');
    fs.writeFileSync(csv, iconv.encode('Nama File;Kode Arsip;Judul;Motif\r\n001.jpg;K-01;Kawung – Pekalongan ©;kawung\r\nhilang.jpg;K-09;Tidak ada;\r\n', 'win1252'));

    const { page, errors: pageErrors } = await openApp(ctx);
    await page.getByRole('button', { name: 'Impor', exact: true }).click({ timeout: 15000 });
    const panel = page.getByTestId('metadata-import');

    await panel.getByTestId('metadata-path').fill(csv);
    await panel.getByTestId('metadata-preview').click();
    await expect(panel.getByTestId('metadata-summary').textContent({ timeout: 15000 })).resolves.toContain('2 baris, dibaca sebagai windows-1252');
    await expect(panel.locator('td', { hasText: 'Kawung – Pekalongan ©' }).count()).resolves.toBe(1);
    // Recognised headings are mapped already; "Kode Arsip" is the person's to map.
    await expect(panel.getByTestId('metadata-map-Judul').inputValue()).resolves.toBe('title');
    await panel.getByTestId('metadata-map-Kode Arsip').selectOption('identifier');

    await panel.getByTestId('metadata-dry-run').click();
    await expect(panel.getByTestId('metadata-dry-result').textContent({ timeout: 15000 })).resolves.toContain('1 baris cocok, 1 tidak cocok');
    await expect(panel.getByTestId('metadata-dry-result').textContent()).resolves.toContain('Baris 3: tidak ada foto "hilang.jpg"');
    expect(ctx.db.prepare('SELECT count(*) FROM record_metadata').pluck().get()).toBe(0);

    await panel.getByTestId('metadata-apply').click();
    await expect(panel.getByTestId('metadata-done').textContent({ timeout: 15000 })).resolves.toContain('2 isian dan 1 petunjuk label ditulis');
    expect(ctx.db.prepare("SELECT value FROM record_metadata WHERE image_id = ? AND field = 'identifier'").pluck().get(ids[0])).toBe('K-01');

    await panel.getByTestId('metadata-undo').click();
    await expect(panel.getByTestId('metadata-done').textContent({ timeout: 15000 })).resolves.toContain('sudah dibatalkan');
    expect(ctx.db.prepare('SELECT count(*) FROM record_metadata').pluck().get()).toBe(0);

    // A bad path says so in Bahasa Indonesia.
    await panel.getByTestId('metadata-path').fill('katalog.csv');
    await panel.getByTestId('metadata-preview').click();
    await expect(panel.getByTestId('metadata-error').textContent({ timeout: 15000 })).resolves.toContain('Tulis jalur lengkap "katalog.csv"');
    expect(pageErrors).toEqual([]);
  });
});
