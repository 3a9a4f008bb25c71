import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { dispatch } from '../../electron/core/api/dispatch.js';
import type { AppContext } from '../../electron/core/app/context.js';
import { onCleanup, tempContext, tempDir } from '../helpers/temp.js';

const PASSWORD = 'kawung-parang-1';

/** A team catalogue: admin "ratna", archivist "budi", viewer "wati". */
async function teamCatalogue(): Promise<AppContext> {
  const ctx = await tempContext();
  const ok = (r: { ok: boolean }) => expect(r).toMatchObject({ ok: true });
  ok(await dispatch('team.enable', { username: 'ratna', displayName: 'Ratna', password: PASSWORD }, ctx));
  ok(await dispatch('users.add', { username: 'budi', role: 'archivist', password: PASSWORD }, ctx));
  ok(await dispatch('users.add', { username: 'wati', role: 'viewer', password: PASSWORD }, ctx));
  return ctx;
}

async function serve(ctx: AppContext, extra: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const server = await startServer({ ctx, rendererDir: RENDERER_DIR, ...extra });
  onCleanup(() => server.close());
  return server;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: { ok: boolean; value?: unknown; error?: { code: string; messageKey?: string; params?: Record<string, unknown> } };
}

/** A raw request, so tests can send what a browser of another site would (Origin, Sec-Fetch-Site, a form body). */
function request(server: RunningServer, name: string, body: string, headers: Record<string, string>, ca?: string): Promise<Answer> {
  const url = new URL(`/api/${name}`, server.origin);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body), ...headers }, ca }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) as Answer['body'] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const call = (server: RunningServer, name: string, input: unknown, headers: Record<string, string> = {}, ca?: string) =>
  request(server, name, JSON.stringify(input), { 'content-type': 'application/json', ...headers }, ca);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signIn(server: RunningServer, username: string, headers: Record<string, string> = {}, ca?: string) {
  const res = await call(server, 'auth.login', { username, password: PASSWORD }, headers, ca);
  expect(res.status).toBe(200);
  const cookie = String(res.headers['set-cookie']![0]);
  return { res, token: (res.body.value as { token: string }).token, cookie: cookie.split(';')[0] };
}

describe('team catalogue over HTTP', () => {
  it('answers 401 without a session, the per-run token included', async () => {
    const server = await serve(await teamCatalogue());
    expect(server.url).toBe(`${server.origin}/`);
    for (const headers of [{}, bearer(server.token), bearer('0'.repeat(43)), { cookie: 'canting_session=made-up' }] as Record<string, string>[]) {
      const res = await call(server, 'catalogue.info', {}, headers);
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('unauthorized');
    }
    expect((await call(server, 'catalogue.info', {})).body.error?.messageKey).toBe('signInRequired');
    expect((await call(server, 'catalogue.info', {}, bearer('gone'))).body.error?.messageKey).toBe('sessionExpired');
  });

  it('signs in with a token and an HttpOnly, SameSite=Strict cookie, either of which opens later calls; signing out ends both', async () => {
    const server = await serve(await teamCatalogue());
    const { res, token, cookie } = await signIn(server, 'Budi');
    expect(res.body.value).toMatchObject({ user: { username: 'budi', role: 'archivist' } });
    const setCookie = String(res.headers['set-cookie']![0]);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP
    expect(cookie).toBe(`canting_session=${token}`);
    expect((await call(server, 'auth.me', {}, bearer(token))).body.value).toMatchObject({ team: true, user: { username: 'budi' } });
    expect((await call(server, 'catalogue.info', {}, { cookie })).status).toBe(200);
    const out = await call(server, 'auth.logout', {}, { cookie });
    expect(out.body).toEqual({ ok: true, value: { signedOut: true } });
    expect(String(out.headers['set-cookie']![0])).toMatch(/Max-Age=0/);
    expect((await call(server, 'catalogue.info', {}, bearer(token))).status).toBe(401);
  });

  it('answers 403 for a call the role may not make, with a message in the interface language; nothing changes', async () => {
    const ctx = await teamCatalogue();
    const server = await serve(ctx);
    const { token } = await signIn(server, 'wati');
    const res = await call(server, 'facet.create', { key: 'warna', nameId: 'Warna', nameEn: 'Colour', labels: ['merah', 'biru'] }, bearer(token));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', messageKey: 'roleForbidden', params: { role: 'viewer', call: 'facet.create' } });
    const id = JSON.parse(fs.readFileSync(path.resolve('renderer/src/i18n/locales/id.json'), 'utf8')) as { apiErrors: Record<string, string> };
    expect(id.apiErrors.roleForbidden).toContain('{{role}}');
    const facets = await dispatch('facet.list', {}, ctx);
    expect(facets.ok && (facets.value as { key: string }[]).map((f) => f.key)).not.toContain('warna');
    expect((await call(server, 'facet.list', {}, bearer(token))).status).toBe(200);
  });

  it('refuses a cross-site form POST carrying the session cookie (CSRF), and any cookie call that is not JSON', async () => {
    const ctx = await teamCatalogue();
    const server = await serve(ctx);
    const { cookie } = await signIn(server, 'ratna');
    const form = 'username=mallory&role=admin&password=mallory-password';
    const crossSite = await request(server, 'users.add', form, {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    // Even without Origin (an old browser), a form body with the cookie is refused.
    const noOrigin = await request(server, 'users.add', form, { cookie, 'content-type': 'text/plain', host: new URL(server.origin).host });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body.error?.messageKey).toBe('crossSiteRefused');
    const sameSiteFetch = await call(server, 'users.list', {}, { cookie, 'sec-fetch-site': 'cross-site' });
    expect(sameSiteFetch.status).toBe(403);
    const users = await dispatch('users.list', {}, ctx);
    expect(users.ok && (users.value as { username: string }[]).map((u) => u.username)).toEqual(['budi', 'ratna', 'wati']);
    expect((await call(server, 'users.list', {}, { cookie, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('limits sign-in attempts, saying when to retry; a wrong name and a wrong password answer the same; every attempt is recorded', async () => {
    const ctx = await teamCatalogue();
    const server = await serve(ctx, { signInLimits: { perUser: { points: 2, durationS: 300 }, perAddress: { points: 50, durationS: 300 } } });
    const wrongName = await call(server, 'auth.login', { username: 'nobody', password: PASSWORD });
    const wrongPassword = await call(server, 'auth.login', { username: 'wati', password: 'not-her-password' });
    expect(wrongName.status).toBe(401);
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body).toEqual(wrongName.body);
    expect(wrongName.headers['set-cookie']).toBeUndefined();
    await call(server, 'auth.login', { username: 'wati', password: 'still-not-hers' });
    const limited = await call(server, 'auth.login', { username: 'wati', password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', messageKey: 'signInRateLimited' });
    const events = await dispatch('signIns.list', { limit: 10 }, ctx);
    expect(events.ok && (events.value as { username: string; reason: string }[]).map((e) => `${e.username}:${e.reason}`)).toEqual([
      'wati:rate_limited',
      'wati:wrong_password',
      'wati:wrong_password',
      'nobody:unknown_user',
    ]);
  });

  it('hands out a new token at sign-in, never the one the client brought (session fixation)', async () => {
    const server = await serve(await teamCatalogue());
    const first = await signIn(server, 'budi');
    const planted = 'canting_session=attacker-chosen-value';
    const second = await signIn(server, 'budi', { cookie: planted });
    expect(second.token).not.toBe(first.token);
    expect(second.cookie).not.toBe(planted);
    const third = await signIn(server, 'budi', { cookie: first.cookie });
    expect([first.token, second.token]).not.toContain(third.token);
    expect((await call(server, 'catalogue.info', {}, { cookie: planted })).status).toBe(401);
  });

  it('lets an admin list and revoke sessions, but not remove the last admin', async () => {
    const server = await serve(await teamCatalogue());
    const admin = await signIn(server, 'ratna');
    const budi = await signIn(server, 'budi');
    const sessions = (await call(server, 'sessions.list', {}, bearer(admin.token))).body.value as { id: number; username: string }[];
    expect(sessions.map((s) => s.username)).toEqual(['budi', 'ratna']);
    expect((await call(server, 'sessions.revoke', { id: sessions[0].id }, bearer(admin.token))).body.value).toEqual({ revoked: true });
    expect((await call(server, 'catalogue.info', {}, bearer(budi.token))).status).toBe(401);
    for (const [name, input] of [
      ['users.disable', { username: 'ratna' }],
      ['users.setRole', { username: 'ratna', role: 'viewer' }],
    ] as const) {
      const res = await call(server, name, input, bearer(admin.token));
      expect(res.body.error).toMatchObject({ code: 'conflict', messageKey: 'lastAdmin' });
    }
    expect((await call(server, 'auth.me', {}, bearer(admin.token))).body.value).toMatchObject({ user: { role: 'admin' } });
    expect((await call(server, 'sessions.list', {}, bearer(budi.token))).status).toBe(401);
  });

  it('serves a single-seat catalogue as before: the run token, loopback only', async () => {
    const ctx = await tempContext();
    await expect(startServer({ ctx, rendererDir: RENDERER_DIR, host: '0.0.0.0' })).rejects.toThrow(/needs a team catalogue.*canting team enable/);
    const server = await serve(ctx);
    expect((await call(server, 'catalogue.info', {}, bearer(server.token))).status).toBe(200);
    expect((await call(server, 'auth.me', {}, bearer(server.token))).body.value).toMatchObject({ team: false, user: null });
    expect((await call(server, 'auth.login', { username: 'x', password: 'y' }, bearer(server.token))).status).toBe(404);
  });

  it('serves a team catalogue beyond loopback', async () => {
    const server = await serve(await teamCatalogue(), { host: '0.0.0.0' });
    expect((await call(server, 'health', {})).status).toBe(401);
    const { token } = await signIn(server, 'wati');
    expect((await call(server, 'health', {}, bearer(token))).status).toBe(200);
  });

  it.skipIf(!hasOpenssl())('serves HTTPS with a certificate and key, the session cookie marked Secure', async () => {
    const dir = tempDir();
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
      stdio: 'ignore',
    });
    const ca = fs.readFileSync(cert, 'utf8');
    const server = await serve(await teamCatalogue(), { tls: { cert: ca, key: fs.readFileSync(key) } });
    expect(server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { res, token } = await signIn(server, 'budi', { origin: server.origin }, ca);
    expect(String(res.headers['set-cookie']![0])).toMatch(/; Secure/);
    expect((await call(server, 'catalogue.info', {}, bearer(token), ca)).status).toBe(200);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
