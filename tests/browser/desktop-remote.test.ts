import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import type { CantingEvent } from '../../electron/common/contract/index.js';
import type { RemoteConnectRequest } from '../../electron/common/remote.js';
import { dispatch } from '../../electron/core/api/dispatch.js';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { RecentServers } from '../../electron/main/remote/recent-servers.js';
import { TrustedServers } from '../../electron/main/remote/trusted-servers.js';
import { Workspace } from '../../electron/main/workspace.js';
import { launchChromium } from '../helpers/browser.js';
import { rendererBuilt } from '../helpers/rendered.js';
import { selfSignedCertificate, serve, TEAM_PASSWORD, teamCatalogue } from '../helpers/team-server.js';
import { onCleanup, tempContext, tempDir } from '../helpers/temp.js';

/**
 * Electron cannot run here, so the desktop window is played by Chromium with
 * the preload's bridge standing in: `window.canting` relays to the main
 * process's Workspace (the real one) through exposed functions, and a
 * successful connection reloads the page as main does.
 */
const BRIDGE = `
  window.__listeners = new Set();
  window.canting = {
    call: (name, input) => window.__call(name, input),
    onEvent(listener) { window.__listeners.add(listener); return () => window.__listeners.delete(listener); },
    shell: { pickFolders: async () => [], pickSaveFile: async () => null, pickOpenFile: async () => null, pathForFile: () => '' },
    remote: {
      connect: (request) => window.__connect(request),
      signIn: (u, p) => window.__signIn(u, p),
      signOut: () => window.__signOut(),
      status: () => window.__status(),
      recent: () => window.__recent(),
      onShowConnect(listener) { window.__showConnect = listener; return () => { window.__showConnect = null; }; },
    },
  };
`;

async function desktopWindow() {
  const dir = tempDir('canting-desktop-');
  const recent = new RecentServers(path.join(dir, 'recent-servers.json'));
  const ws = new Workspace({ openLocal: (f) => createAppContext(f), closeLocal: closeAppContext, remote: { trusted: new TrustedServers(path.join(dir, 'trusted-servers.json')), recent } });
  onCleanup(() => ws.close());
  await ws.openLocal(path.join(dir, 'lokal.sqlite'));
  // Only the built page's files are served from here; every call goes through the bridge.
  const pages = await serve(await tempContext());
  const browser = await launchChromium();
  onCleanup(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('__call', (name: string, input: unknown) => ws.call(name, input));
  await page.exposeFunction('__connect', async (request: RemoteConnectRequest) => {
    const result = await ws.connectRemote(request);
    if (result.ok) setTimeout(() => void page.reload().catch(() => {}), 0);
    return result;
  });
  await page.exposeFunction('__signIn', (u: string, p: string) => ws.signIn(u, p));
  await page.exposeFunction('__signOut', () => ws.signOut());
  await page.exposeFunction('__status', () => ws.status());
  await page.exposeFunction('__recent', () => recent.list());
  await page.addInitScript(BRIDGE);
  ws.onEvent((event: CantingEvent) => void page.evaluate((e) => (globalThis as unknown as { __listeners: Set<(x: unknown) => void> }).__listeners.forEach((l) => l(e)), event).catch(() => {}));
  await page.goto(`${pages.origin}/`);
  return { page, ws, errors };
}

const showConnect = (page: Page) => page.evaluate(() => (globalThis as unknown as { __showConnect: () => void }).__showConnect());

describe.skipIf(!rendererBuilt())('browser: the desktop app opens a team catalogue on a server', () => {
  it('trusts a self-signed certificate on first use, works with the role, and signs in again when the session ended', async () => {
    const { cert, key, fingerprint } = selfSignedCertificate();
    const teamCtx = await teamCatalogue();
    const server = await serve(teamCtx, { tls: { cert, key } });
    const { page, ws, errors } = await desktopWindow();
    await page.waitForSelector('[data-testid=empty-catalogue]');

    await showConnect(page); // the menu item
    await page.fill('[data-testid=remote-url]', server.origin);
    await page.fill('[data-testid=remote-username]', 'budi');
    await page.fill('[data-testid=remote-password]', TEAM_PASSWORD);
    await page.click('[data-testid=remote-submit]');
    expect(await page.textContent('[data-testid=remote-fingerprint]')).toBe(fingerprint);
    expect(ws.status()).toMatchObject({ kind: 'local' });
    await page.click('[data-testid=remote-trust]');

    // Main switched to the server and reloaded the page: signed in with the server's role.
    await page.waitForSelector('[data-testid=signed-in]');
    expect(await page.textContent('[data-testid=signed-in]')).toContain('Masuk sebagai: budi (Arsiparis)');
    expect(ws.status()).toEqual({ kind: 'remote', url: server.origin, username: 'budi', signedIn: true });
    // The page never holds the session token.
    const stored = await page.evaluate(() => {
      const g = globalThis as unknown as { localStorage: Record<string, string>; sessionStorage: Record<string, string>; document: { cookie: string } };
      return JSON.stringify({ ...g.localStorage, ...g.sessionStorage }) + g.document.cookie;
    });
    expect(stored).not.toMatch(/[0-9a-f]{64}/);

    // An admin ends every session; the next refresh finds it ended and says so.
    const sessions = await dispatch('sessions.list', {}, teamCtx);
    for (const s of (sessions.ok ? sessions.value : []) as { id: number }[]) await dispatch('sessions.revoke', { id: s.id }, teamCtx);
    teamCtx.events.emit({ type: 'catalogue-changed', reason: 'test' });
    await page.waitForSelector('[data-testid=sign-in-notice]');
    expect(await page.textContent('[data-testid=sign-in-notice]')).toBe('Sesi Anda telah berakhir; silakan masuk lagi');
    expect(await page.textContent('[data-testid=sign-in-server]')).toBe(`Server: ${new URL(server.origin).host}`);
    await page.fill('[data-testid=sign-in-username]', 'budi');
    await page.fill('[data-testid=sign-in-password]', TEAM_PASSWORD);
    await page.click('[data-testid=sign-in-submit]');
    await page.waitForSelector('[data-testid=signed-in]');
    expect(errors).toEqual([]);
  });
});
