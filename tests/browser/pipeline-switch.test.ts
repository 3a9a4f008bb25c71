import { describe, expect, it } from 'vitest';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { INCEPTION_V3 } from '../../electron/core/classify/backbones/definitions.js';
import { pipelineId } from '../../electron/core/classify/pipeline-setting.js';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { learnCatalogue } from '../core/learn/catalogue.js';

// Screenshots for a person to look at, only when asked (SHOTS=<folder>).
const shot = async (page: import('playwright').Page, name: string) => {
  if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/${name}.png`, fullPage: true });
};

/**
 * Switching the feature pipeline in Chromium over HTTP: Use asks first with
 * the server's dry run, Cancel changes nothing, a confirmed switch offers to
 * compute the new pipeline's features, and the versions say what they need.
 */
describe.skipIf(!rendererBuilt())('browser: switching the feature pipeline', () => {
  it('asks first, cancels without a change, switches on confirmation and offers Compute features now', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [2, 2, 2, 2], reviewed: false });
    const { page, errors } = await openApp(ctx);
    await page.getByRole('navigation').getByRole('button', { name: 'Model', exact: true }).click({ timeout: 15000 });
    await page.getByTestId('learn-facet').selectOption('motif');
    const pipelineTags = page.getByTestId('learn-versions').getByTestId('learn-pipeline');
    await pipelineTags.first().waitFor({ timeout: 15000 });
    // one shipped head per pipeline, each named by the pipeline it reads
    expect((await pipelineTags.allTextContents()).sort()).toEqual(['InceptionV3 mid-level', 'MobileNetV2']);

    await page.getByTestId('pipeline-use-InceptionV3').click({ timeout: 15000 });
    const dialog = page.getByTestId('pipeline-confirm');
    await dialog.waitFor();
    expect(await page.getByTestId('pipeline-confirm-compute').textContent()).toBe(
      '8 gambar perlu dihitung fiturnya dengan InceptionV3. Lamanya belum bisa diperkirakan: InceptionV3 belum pernah diukur di komputer ini.',
    );
    expect(await page.getByTestId('pipeline-confirm-retrain').textContent()).toContain('motif (');
    expect(await page.getByTestId('pipeline-confirm-kept').textContent()).toContain('8 vektor MobileNetV2');
    await shot(page, 'pipeline-confirm');
    await page.getByTestId('pipeline-confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(pipelineId(ctx.db)).toBe(BACKBONE_ID);

    await page.getByTestId('pipeline-use-InceptionV3').click();
    await page.getByTestId('pipeline-confirm-switch').click();
    await page.getByTestId('pipeline-switched').waitFor();
    expect(pipelineId(ctx.db)).toBe(INCEPTION_V3.id);
    expect(await page.getByTestId('pipeline-features').textContent()).toContain('8 gambar belum punya fitur InceptionV3, alur katalog ini.');
    expect(await page.getByTestId('pipeline-compute-features').isVisible()).toBe(true);
    // the motif version now says what it needs
    await expect.poll(() => page.getByTestId('learn-pipeline-needs').allTextContents()).toContain('perlu fitur MobileNetV2: kembalikan alurnya atau latih ulang');
    await shot(page, 'pipeline-switched');
    expect(errors).toEqual([]);
  }, 60_000);
});
