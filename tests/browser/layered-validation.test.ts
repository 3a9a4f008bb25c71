import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { dispatch } from '../../electron/core/api/dispatch.js';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { tempContext } from '../helpers/temp.js';
import { addImageRows, addModel, predict } from '../core/review/fixture.js';

/**
 * Layered validation in Chromium (issue 18): motif needs two validations.
 * Validator A (Ayu) and validator B (Budi) each decide in their own browser
 * context (a single-seat catalogue: the name is the catalogue's, so they take
 * turns); they disagree, and an expert (Dewi) resolves the dispute on the
 * Layered validation screen.
 */
async function signIn(page: Page, name: string) {
  await page.getByTestId('validator-name').fill(name, { timeout: 15000 });
  await page.getByTestId('validator-name').press('Enter');
  await expect.poll(() => page.title()).toContain(name);
}

const statusOf = (page: Page, id: number) => page.getAttribute(`[data-id="${id}"]`, 'data-status');

describe.skipIf(!rendererBuilt())('browser: layered validation', () => {
  it('two validators disagree, the image is disputed, and an expert resolves it', async () => {
    const ctx = await tempContext();
    const model = addModel(ctx.db, 'motif', 'motif-v1');
    ctx.db.prepare('UPDATE models SET backbone = ? WHERE id = ?').run(BACKBONE_ID, model);
    const ids = addImageRows(ctx.db, ['batik-1.jpg', 'batik-2.jpg', 'batik-3.jpg']);
    ids.forEach((id, i) => predict(ctx.db, id, 'motif', model, 'kawung', 0.5 + i * 0.1));
    expect((await dispatch('validation.setPolicy', { facet: 'motif', requiredValidations: 2 }, ctx)).ok).toBe(true);

    const { browser, page: a, server, errors } = await openApp(ctx);
    await a.waitForSelector('[data-testid=grid-cell]');
    const target = Number(await a.getAttribute('[aria-current=true]', 'data-id'));
    // A validates (Enter): awaiting a second validation.
    await a.keyboard.press('Enter');
    await signIn(a, 'Ayu');
    await expect.poll(() => statusOf(a, target)).toBe('awaiting');
    expect(await a.textContent(`[data-id="${target}"]`)).toContain('Menunggu validasi kedua');

    // B, in another browser context, corrects it to parang (3): disputed.
    const bContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const b = await bContext.newPage();
    b.on('pageerror', (e) => errors.push(e.message));
    await b.goto(server.url);
    await b.waitForSelector(`[data-id="${target}"]`);
    await b.getByTestId('validator').click();
    await signIn(b, 'Budi');
    await b.click(`[data-id="${target}"]`);
    await b.keyboard.press('3');
    await expect.poll(() => statusOf(b, target)).toBe('disputed');
    expect(await b.textContent(`[data-id="${target}"]`)).toContain('Diperselisihkan');

    // The expert opens the disputes queue and resolves it with parang.
    const eContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const e = await eContext.newPage();
    e.on('pageerror', (err) => errors.push(err.message));
    await e.goto(server.url);
    await e.waitForSelector('[data-testid=grid-cell]');
    await e.getByTestId('validator').click();
    await signIn(e, 'Dewi');
    await e.getByRole('button', { name: 'Validasi berlapis' }).click();
    const row = e.getByTestId('dispute-row');
    await expect.poll(() => row.textContent()).toContain('Ayu: Kawung, Budi: Parang');
    await row.getByTestId('resolve-parang').click();
    await expect.poll(() => e.getByTestId('validation-message').textContent()).toBe('1 gambar diputuskan');
    await expect.poll(() => e.getByTestId('disputes-none').count()).toBe(1);
    expect(await e.getByTestId('agreement-table').textContent()).toContain('Ayu / Budi');

    const resolution = ctx.db.prepare("SELECT actor, to_status, details FROM audit_log WHERE action = 'resolve'").get() as { actor: string; to_status: string; details: string };
    expect(resolution).toMatchObject({ actor: 'Dewi', to_status: 'corrected' });
    expect(JSON.parse(resolution.details).votes.map((v: { actor: string }) => v.actor)).toEqual(['Ayu', 'Budi']);
    expect(errors).toEqual([]);
  }, 240_000);
});
