import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { dispatch } from '../../electron/core/api/dispatch.js';
import type { AppContext } from '../../electron/core/app/context.js';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { insertImages, writeJpeg } from '../helpers/images.js';
import { tempContext, tempDir } from '../helpers/temp.js';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { addImageRows, addModel, predict } from '../core/review/fixture.js';

const PASSWORD = 'kawung-parang-1';

/** A team catalogue with four photos: admin "ratna" (Ratna Dewi), viewer "wati" (Wati). */
async function teamCatalogue(): Promise<AppContext> {
  const ctx = await tempContext();
  const root = tempDir('canting-team-photos-');
  const rels = ['kawung/1.jpg', 'kawung/2.jpg', 'parang/3.jpg', 'parang/4.jpg'];
  for (const [i, rel] of rels.entries()) await writeJpeg(path.join(root, rel), i + 1, 48);
  await insertImages(ctx.db, root, rels);
  for (const [name, input] of [
    ['team.enable', { username: 'ratna', displayName: 'Ratna Dewi', password: PASSWORD }],
    ['users.add', { username: 'wati', displayName: 'Wati', role: 'viewer', password: PASSWORD }],
  ] as const) {
    expect(await dispatch(name, input, ctx)).toMatchObject({ ok: true });
  }
  return ctx;
}

/** The served app on the catalogue; `idleMs` shortens the idle expiry of sessions. */
const open = (ctx: AppContext, idleMs = 2 * 3600_000) => openApp(ctx, undefined, { sessions: { idleMs, absoluteMs: 12 * 3600_000 } });

async function signIn(page: Page, username: string, password = PASSWORD) {
  await page.fill('[data-testid=sign-in-username]', username);
  await page.fill('[data-testid=sign-in-password]', password);
  await page.click('[data-testid=sign-in-submit]');
}

const navLabels = (page: Page) => page.$$eval('.app-nav button', (els) => els.map((e) => e.textContent?.trim()));

describe.skipIf(!rendererBuilt())('browser: team catalogue sign-in', () => {
  it('asks to sign in, refuses a wrong password in Indonesian, and shows an admin who is signed in with the Users panel', async () => {
    const ctx = await teamCatalogue();
    const { page, errors } = await open(ctx);
    await page.waitForSelector('[data-testid=sign-in]');
    expect(await page.$('[data-testid=sign-in-notice]')).toBeNull();
    await signIn(page, 'ratna', 'not-the-password');
    expect(await page.textContent('[data-testid=sign-in-error]')).toBe('Nama pengguna atau kata sandi salah');
    await signIn(page, 'Ratna');
    await page.waitForSelector('[data-testid=signed-in]');
    expect(await page.textContent('[data-testid=signed-in]')).toContain('Masuk sebagai: Ratna Dewi (Admin)');
    expect(await navLabels(page)).toContain('Pengguna');
    await page.click('.app-nav button:has-text("Pengguna")');
    await page.waitForSelector('[data-testid=user-wati]');
    expect(await page.textContent('[data-testid=user-wati]')).toContain('Wati');
    await page.click('[data-testid=sign-out]');
    await page.waitForSelector('[data-testid=sign-in]');
    // Signed out on the server too: a reload asks again.
    await page.reload();
    await page.waitForSelector('[data-testid=sign-in]');
    expect(errors).toEqual([]);
  });

  it('records a signed-in validator\'s decision under their name without asking for one', async () => {
    // No validator name is set on this catalogue: the signed-in account is who signs.
    const ctx = await tempContext();
    const model = addModel(ctx.db, 'motif', 'motif-v1');
    ctx.db.prepare('UPDATE models SET backbone = ? WHERE id = ?').run(BACKBONE_ID, model);
    const ids = addImageRows(ctx.db, ['batik-1.jpg', 'batik-2.jpg', 'batik-3.jpg']);
    ids.forEach((id) => predict(ctx.db, id, 'motif', model, 'kawung', 0.9));
    expect(await dispatch('team.enable', { username: 'ratna', displayName: 'Ratna Dewi', password: PASSWORD }, ctx)).toMatchObject({ ok: true });
    expect(await dispatch('users.add', { username: 'ayu', displayName: 'Ayu Lestari', role: 'validator', password: PASSWORD }, ctx)).toMatchObject({ ok: true });
    const ayuId = ctx.db.prepare("SELECT id FROM users WHERE username = 'ayu'").pluck().get();
    const { page, errors } = await open(ctx);
    await signIn(page, 'ayu');
    await page.waitForSelector('[data-testid=grid-cell]');
    expect(await page.$('[data-testid=validator]')).toBeNull();
    const target = Number(await page.getAttribute('[aria-current=true]', 'data-id'));
    await page.keyboard.press(' ');
    await page.waitForSelector('[data-testid=large-view]');
    await page.keyboard.press('Enter');
    await expect.poll(() => ctx.db.prepare('SELECT validator, validator_user_id AS userId FROM reviews WHERE image_id = ?').get(target)).toEqual({
      validator: 'Ayu Lestari',
      userId: ayuId,
    });
    expect(await page.$('[data-testid=validator-name]')).toBeNull();
    // The decision moves on to the next photo once the server has answered; go back only after that,
    // or the step back lands before the move and the history shown is the next photo's (empty).
    const current = () => page.getAttribute('[aria-current=true]', 'data-id');
    await expect.poll(current).not.toBe(String(target));
    await page.keyboard.press('ArrowLeft');
    await expect.poll(current).toBe(String(target));
    await page.waitForSelector('[data-testid=history] >> text=Ayu Lestari');
    expect(ctx.db.prepare("SELECT actor, user_id AS userId FROM audit_log WHERE action = 'validate'").get()).toEqual({ actor: 'Ayu Lestari', userId: ayuId });
    expect(errors).toEqual([]);
  });

  it('lets a viewer look but not change anything', async () => {
    const ctx = await teamCatalogue();
    const { page, errors } = await open(ctx);
    await signIn(page, 'wati');
    await page.waitForSelector('[data-testid=grid-cell]');
    expect(await page.textContent('[data-testid=read-only]')).toContain('hanya dapat melihat');
    const nav = await navLabels(page);
    expect(nav).not.toContain('Pengguna');
    expect(nav.some((l) => /impor/i.test(l ?? ''))).toBe(false);
    // Try to validate the focused photo with the keyboard: the server refuses, the catalogue is unchanged.
    await page.click('[data-testid=grid-cell] >> nth=0');
    await page.keyboard.press('Enter');
    // The role in the interface language, and no internal call name.
    const refusal = await page.waitForSelector('text=/Peran Anda \\(Pengamat\\) tidak berwenang/');
    expect(await refusal.textContent()).not.toContain('review.decide');
    expect(ctx.db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('returns to the sign-in screen, saying why, when the session has expired', async () => {
    const ctx = await teamCatalogue();
    const { page } = await open(ctx, 3000);
    await signIn(page, 'wati');
    await page.waitForSelector('[data-testid=signed-in]');
    await page.waitForTimeout(3500); // idle past the (shortened) idle expiry
    await page.click('.app-nav button >> nth=1'); // any screen that asks the server something
    await page.waitForSelector('[data-testid=sign-in-notice]');
    expect(await page.textContent('[data-testid=sign-in-notice]')).toBe('Sesi Anda telah berakhir; silakan masuk lagi');
    await signIn(page, 'wati');
    await page.waitForSelector('[data-testid=signed-in]');
  });
});
