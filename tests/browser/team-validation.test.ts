import fs from 'node:fs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import { dispatch } from '../../electron/core/api/dispatch.js';
import type { AppContext } from '../../electron/core/app/context.js';
import { BACKBONE_ID } from '../../electron/core/classify/backbone-info.js';
import { openApp } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { DATASET_DIR, DATASET_SKIP_REASON, hasDataset, insertImages } from '../helpers/images.js';
import { tempContext } from '../helpers/temp.js';
import { addModel, predict } from '../core/review/fixture.js';

/**
 * Issue 18 end to end, as a team works: three people in their own browser
 * contexts on one served team catalogue of real batik photos, under layered
 * validation (motif needs two validations). The model calls a Mega Mendung
 * photo kawung; validator Ayu validates that, validator Budi says Mega Mendung (disputed); Budi cannot resolve it (greyed out; a forged
 * request is refused, 403, in Indonesian); expert Dewi resolves it and the
 * history shows both votes and the resolution; viewer Wati can change nothing;
 * her session ends and she returns to her filtered grid after signing in again.
 */

const PASSWORD = 'kawung-parang-1';
/** One photo of each motif, plus a second kawung: a few real photos are enough. */
const PHOTOS = ['kawung/kawung_001.jpg', 'kawung/kawung_002.jpg', 'parang/parang_001.jpg', 'truntum/truntum_001.jpg', 'megamendung/mega_mendung_001.jpg'];
const ACCOUNTS = [
  { username: 'ayu', displayName: 'Ayu Lestari', role: 'validator' },
  { username: 'budi', displayName: 'Budi Santoso', role: 'validator' },
  { username: 'dewi', displayName: 'Dewi Sartika', role: 'expert' },
  { username: 'wati', displayName: 'Wati', role: 'viewer' },
] as const;
const SHOTS = '/tmp/canting-team-validation';

async function teamCatalogue(): Promise<AppContext> {
  const ctx = await tempContext();
  const model = addModel(ctx.db, 'motif', 'motif-v1');
  ctx.db.prepare('UPDATE models SET backbone = ? WHERE id = ?').run(BACKBONE_ID, model);
  // The photos stay where they are (read only); the model said kawung for all, surest first.
  const ids = await insertImages(ctx.db, DATASET_DIR, PHOTOS);
  ids.forEach((id, i) => predict(ctx.db, id, 'motif', model, 'kawung', 0.9 - i * 0.1));
  expect(await dispatch('team.enable', { username: 'ratna', displayName: 'Ratna Dewi', password: PASSWORD }, ctx)).toMatchObject({ ok: true });
  for (const a of ACCOUNTS) expect(await dispatch('users.add', { ...a, password: PASSWORD }, ctx)).toMatchObject({ ok: true });
  expect(await dispatch('validation.setPolicy', { facet: 'motif', requiredValidations: 2 }, ctx)).toMatchObject({ ok: true });
  return ctx;
}

async function signIn(page: Page, username: string) {
  await page.fill('[data-testid=sign-in-username]', username, { timeout: 15000 });
  await page.fill('[data-testid=sign-in-password]', PASSWORD);
  await page.click('[data-testid=sign-in-submit]');
  await page.waitForSelector('[data-testid=signed-in]');
}

/** Another person: their own browser context (own cookie), signed in. */
async function person(browser: Browser, url: string, errors: string[], username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${username}: ${e.message}`));
  await page.goto(url);
  await signIn(page, username);
  return page;
}

/** A request the interface would not send, made with the page's own session cookie. */
const forged = (page: Page, name: string, input: unknown) =>
  page.evaluate(
    async ([n, body]) => {
      const res = await fetch(`/api/${n}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string; messageKey?: string; params?: Record<string, string>; message: string } } };
    },
    [name, input] as const,
  );

const statusOf = (page: Page, id: number) => page.getAttribute(`[data-id="${id}"]`, 'data-status');
const openTool = (page: Page, name: string) => page.click(`.app-nav button:has-text("${name}")`);
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
/** A refusal as the interface words it in Indonesian: its key and parameters in the interface's own translations. */
async function inIndonesian(error?: { messageKey?: string; params?: Record<string, string> }): Promise<string> {
  const translation = JSON.parse(fs.readFileSync('renderer/src/i18n/locales/id.json', 'utf8')) as Record<string, unknown>;
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'id', resources: { id: { translation } }, interpolation: { escapeValue: false }, showSupportNotice: false });
  return i18n.t(`apiErrors.${error?.messageKey}`, error?.params ?? {});
}

describe.skipIf(!rendererBuilt() || !hasDataset)(`browser: a team validates in layers (${hasDataset ? 'real photos' : DATASET_SKIP_REASON})`, () => {
  it('A validates, B disagrees, B may not resolve, the expert resolves with both votes audited, a viewer changes nothing, an ended session keeps the filter', async () => {
    const ctx = await teamCatalogue();
    const user = (name: string) => ctx.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(name) as number;
    const { browser, page: a, server, errors } = await openApp(ctx);

    // Ayu validates the focused photo (kawung): one vote, awaiting a second.
    await signIn(a, 'ayu');
    await a.waitForSelector('[data-testid=grid-cell] img');
    const target = Number(await a.getAttribute('[aria-current=true]', 'data-id'));
    // The least certain first: the Mega Mendung photo the model called kawung at 50%.
    expect(ctx.db.prepare('SELECT file_name FROM images WHERE id = ?').pluck().get(target)).toBe('mega_mendung_001.jpg');
    await a.keyboard.press('Enter');
    await expect.poll(() => statusOf(a, target)).toBe('awaiting');
    expect(await a.textContent(`[data-id="${target}"]`)).toContain('Menunggu validasi kedua');
    await shot(a, '1-ayu-awaiting');

    // Budi, in his own context, says Mega Mendung (2): the two disagree.
    const b = await person(browser, server.url, errors, 'budi');
    await b.waitForSelector(`[data-id="${target}"]`);
    await b.click(`[data-id="${target}"]`);
    await b.keyboard.press('2');
    await expect.poll(() => statusOf(b, target)).toBe('disputed');
    expect(await b.textContent(`[data-id="${target}"]`)).toContain('Diperselisihkan');

    // Budi sees the dispute but its resolve buttons are greyed out, saying why; a forged request is refused.
    await openTool(b, 'Validasi berlapis');
    const bRow = b.getByTestId('dispute-row');
    await expect.poll(() => bRow.textContent()).toContain('Ayu Lestari: Kawung, Budi Santoso: Mega Mendung');
    expect(await bRow.getByTestId('resolve-kawung').isDisabled()).toBe(true);
    expect(await bRow.getByTestId('resolve-kawung').getAttribute('title')).toBe('Peran Anda (Validator) tidak dapat menyelesaikan perselisihan; hanya pakar atau admin');
    await shot(b, '2-budi-dispute-greyed');
    const refused = await forged(b, 'validation.resolve', { facet: 'motif', ids: [target], action: 'label', label: 'parang' });
    expect(refused.status).toBe(403);
    expect(await inIndonesian(refused.body.error)).toBe('Peran Anda (Validator) tidak berwenang melakukan ini');
    expect(refused.body.error!.message).not.toContain(PASSWORD);
    expect(ctx.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'resolve'").pluck().get()).toBe(0);

    // Dewi (expert) resolves it with Mega Mendung from the disputes queue.
    const e = await person(browser, server.url, errors, 'dewi');
    await openTool(e, 'Validasi berlapis');
    const eRow = e.getByTestId('dispute-row');
    await expect.poll(() => eRow.textContent()).toContain('Ayu Lestari: Kawung, Budi Santoso: Mega Mendung');
    await shot(e, '3-dewi-disputes-queue');
    await eRow.getByTestId('resolve-megamendung').click();
    await expect.poll(() => e.getByTestId('validation-message').textContent()).toBe('1 gambar diputuskan');
    await e.waitForSelector('[data-testid=disputes-none]');
    expect(await e.getByTestId('agreement-table').textContent()).toContain('Ayu Lestari / Budi Santoso');

    // The photo's history (large view) shows both votes and the resolution, in Indonesian.
    await e.click('.app-nav button >> nth=0');
    await e.click(`[data-id="${target}"]`);
    await e.keyboard.press(' ');
    const history = e.getByTestId('history');
    await expect.poll(() => history.textContent()).toContain('menyelesaikan perselisihan');
    const lines = await history.locator('li').allTextContents();
    expect(lines[0]).toContain('Dewi Sartika menyelesaikan perselisihan');
    expect(lines[0]).toContain('suara: Ayu Lestari: Kawung, Budi Santoso: Mega Mendung');
    expect(lines.some((l) => l.includes('Ayu Lestari memvalidasi'))).toBe(true);
    expect(lines.some((l) => l.includes('Budi Santoso memberi label'))).toBe(true);
    await history.scrollIntoViewIfNeeded();
    await shot(e, '4-dewi-history');
    const resolution = ctx.db.prepare("SELECT actor, user_id AS userId, to_status AS status, details FROM audit_log WHERE action = 'resolve'").get() as { actor: string; userId: number; status: string; details: string };
    expect(resolution).toMatchObject({ actor: 'Dewi Sartika', userId: user('dewi'), status: 'corrected' });
    expect(JSON.parse(resolution.details).votes.map((v: { userId: number; label: string }) => [v.userId, v.label])).toEqual([
      [user('ayu'), 'kawung'],
      [user('budi'), 'megamendung'],
    ]);

    // Wati (viewer) filters the grid to Mega Mendung; every decision control is greyed out and the server refuses a forged one.
    const w = await person(browser, server.url, errors, 'wati');
    await w.waitForSelector('[data-testid=read-only]');
    await w.selectOption('[data-testid=filter-label]', 'megamendung');
    await expect.poll(() => w.locator('[data-testid=grid-cell]').count()).toBe(1);
    await w.click('[data-testid=select-all]');
    for (const control of ['bulk-validate', 'bulk-reject', 'bulk-label', 'undo', 'redo']) {
      expect(await w.getByTestId(control).isDisabled(), control).toBe(true);
      expect(await w.getByTestId(control).getAttribute('title'), control).toContain('Peran Anda (Pengamat) tidak dapat memutuskan label');
    }
    await shot(w, '5-wati-greyed');
    const reviews = () => ctx.db.prepare('SELECT image_id, status, label_id, revision FROM reviews ORDER BY image_id').all();
    const before = reviews();
    const decided = await forged(w, 'review.decide', { facet: 'motif', ids: [target], decision: { action: 'reject' } });
    expect(decided.status).toBe(403);
    expect(await inIndonesian(decided.body.error)).toBe('Peran Anda (Pengamat) tidak berwenang melakukan ini');
    expect(reviews()).toEqual(before);

    // Her session ends (idle past expiry): the next call brings the sign-in screen, saying why; back in, the
    // filter is as she left it and the call that found the session ended has been made (the photo's details).
    ctx.db.prepare("UPDATE sessions SET idle_expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").run(user('wati'));
    await w.keyboard.press(' '); // the large view asks the server for the photo's details
    await w.waitForSelector('[data-testid=sign-in-notice]');
    expect(await w.textContent('[data-testid=sign-in-notice]')).toBe('Sesi Anda telah berakhir; silakan masuk lagi');
    await shot(w, '6-wati-session-ended');
    await signIn(w, 'wati');
    expect(await w.inputValue('[data-testid=filter-label]')).toBe('megamendung');
    await expect.poll(() => w.locator('[data-testid=grid-cell]').count()).toBe(1);
    await expect.poll(() => w.getByTestId('history').textContent()).toContain('Dewi Sartika menyelesaikan perselisihan');
    expect(await w.locator('[data-testid=large-view] .error-text').count()).toBe(0);
    await shot(w, '7-wati-back-filtered');

    expect(errors).toEqual([]);
  }, 240_000);
});
