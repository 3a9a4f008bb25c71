import { describe, expect, it } from 'vitest';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { driftCatalogue } from '../core/learn/crafted.js';

/**
 * The Models panel in Chromium over HTTP, on the case made exact
 * (tests/core/learn/crafted.ts): a new version that looks better on its own
 * validation split but turns Arsitektur into Fauna and Budaya into Flora.
 * The panel must make that impossible to miss, in Bahasa Indonesia.
 */
describe.skipIf(!rendererBuilt())('browser: a comparison does not hide a worse model', () => {
  it('shows every version on the evaluation set with n and interval, and the prediction shift and warnings before activating', async () => {
    const { ctx, set } = await driftCatalogue();
    ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('validator', 'Budi')").run();
    const { page, errors } = await openApp(ctx);
    await page.getByRole('navigation').getByRole('button', { name: 'Model', exact: true }).click({ timeout: 15000 });
    // The panel opens on the facet the review screen shows (motif); this case is about tema.
    await page.getByTestId('learn-facet').selectOption('tema');

    // Both versions on the same evaluation images, with how many and an interval.
    await page.getByTestId('learn-eval-tema-shipped').waitFor({ timeout: 15000 });
    await expect.poll(() => page.getByTestId('learn-eval-tema-shipped').textContent()).toMatch(new RegExp(`^100,0 % · ${set.size}/${set.size} · interval 95 % \\d+,\\d %–100,0 %$`));
    expect(await page.getByTestId('learn-eval-tema-v1').textContent()).toMatch(new RegExp(`^\\d+,\\d % · \\d+/${set.size} · interval 95 % `));
    expect(await page.getByTestId('learn-eval-set').textContent()).toContain(`Set evaluasi: ${set.size} gambar tinjauan yang tidak pernah dipakai untuk pelatihan`);

    // Activating the new version first shows what it would do.
    await page.getByTestId('learn-activate-tema-v1').click();
    await page.getByTestId('learn-activation-check').waitFor();
    expect(await page.getByTestId('learn-check-shift').textContent()).toBe(
      'tema-v1 mengubah 50% label gambar yang belum ditinjau (36 dari 72): Arsitektur → Fauna 18, Budaya → Flora 18',
    );
    expect(await page.getByTestId('learn-check-worse').textContent()).toBe('Peringatan: tema-v1 lebih buruk daripada tema-shipped yang aktif pada set evaluasi.');
    expect(await page.getByTestId('learn-check-imbalance').textContent()).toContain('Peringatan: Budaya hanya 3,8 % dari label pelatihannya, padahal sekitar 25,0 % dari katalog');
    await page.getByTestId('learn-activate-cancel').click();
    await page.getByTestId('learn-activation-check').waitFor({ state: 'detached' });
    expect(ctx.db.prepare("SELECT version FROM models WHERE active = 1 AND facet_id = (SELECT id FROM facets WHERE key = 'tema')").pluck().get()).toBe('tema-shipped');

    // "Bandingkan" compares on the evaluation set and shows label names and thumbnails.
    const options = await page.getByTestId('learn-compare-a').locator('option').allTextContents();
    // each names the pipeline its head reads
    expect(options).toEqual(expect.arrayContaining(['tema-v1 · MobileNetV2', 'tema-shipped · MobileNetV2']));
    await page.getByTestId('learn-compare-a').selectOption({ label: 'tema-v1 · MobileNetV2' });
    await page.getByTestId('learn-compare-b').selectOption({ label: 'tema-shipped · MobileNetV2' });
    await page.getByTestId('learn-compare').click();
    await page.getByTestId('learn-comparison').waitFor();
    expect(await page.getByTestId('learn-comparison').locator('p').first().textContent()).toMatch(
      new RegExp(`^Pada ${set.size} gambar yang sama: tema-v1 .* · interval 95 % .*; tema-shipped 100,0 % · ${set.size}/${set.size} · interval 95 % `),
    );
    expect(await page.getByTestId('learn-compare-basis').textContent()).toContain('Gambar set evaluasi (tidak pernah dipakai untuk pelatihan)');
    expect(await page.getByTestId('learn-compare-chance').textContent()).toContain('jarang terjadi karena kebetulan');
    const first = page.getByTestId('learn-disagreements').locator('li').first();
    expect(await first.textContent()).toMatch(/^Berlabel (Arsitektur|Budaya): A: (Fauna|Flora), B: (Arsitektur|Budaya)$/);
    await expect.poll(() => first.locator('img').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);
});
