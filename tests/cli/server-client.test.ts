import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ServerClient } from '../../electron/cli/server-client.js';

/** A loopback port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

type Sent = { name: string; auth: string | null; body: unknown };

/** A stand-in server: sessions are tokens it handed out; `endSessions()` ends them all, as the day's limit does. */
function fakeServer() {
  const sent: Sent[] = [];
  const live = new Set<string>();
  let n = 0;
  const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    const name = url.pathname.replace('/api/', '');
    const auth = (init.headers as Record<string, string>).authorization ?? null;
    const body = JSON.parse(String(init.body));
    sent.push({ name, auth, body });
    if (name === 'auth.login') {
      if (body.password !== 'worker-pass-123') return reply(401, { ok: false, error: { code: 'unauthorized', message: 'Wrong username or password' } });
      const token = `t${++n}`;
      live.add(token);
      return reply(200, { ok: true, value: { token, user: { id: 2, username: body.username, displayName: body.username, role: 'worker' } } });
    }
    if (!auth || !live.has(auth.slice(7))) return reply(401, { ok: false, error: { code: 'unauthorized', message: 'Your session has ended; please sign in again' } });
    if (name === 'review.decide') return reply(403, { ok: false, error: { code: 'forbidden', message: 'A worker may not make review.decide' } });
    return reply(200, { ok: true, value: { known: true } });
  }) as unknown as typeof fetch;
  return { sent, fetchImpl, endSessions: () => live.clear() };
}

describe('the worker’s client of the server', () => {
  it('signs in again by itself when its session ends, and repeats the call once', async () => {
    const server = fakeServer();
    const client = new ServerClient('http://server.test:8080', { username: 'w1', password: 'worker-pass-123' }, server.fetchImpl);
    expect(await client.signIn()).toMatchObject({ username: 'w1', role: 'worker' });
    const beat = { name: 'h:1', jobsDone: 1, imagesDone: 1, imagesPerSecond: 1 };
    expect(await client.call('worker.heartbeat', beat)).toEqual({ known: true });
    server.endSessions();
    expect(await client.call('worker.heartbeat', beat)).toEqual({ known: true });
    expect(server.sent.map((s) => `${s.name} ${s.auth ?? '-'}`)).toEqual([
      'auth.login -',
      'worker.heartbeat Bearer t1',
      'worker.heartbeat Bearer t1',
      'auth.login -',
      'worker.heartbeat Bearer t2',
    ]);
    await expect(client.call('review.decide', { imageIds: [1], facet: 'motif', label: 'x' } as never)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('with a bare token, says that the token no longer opens the server and how to go on', async () => {
    const server = fakeServer();
    const client = new ServerClient('http://server.test:8080', { token: 'stale' }, server.fetchImpl);
    await expect(client.call('worker.heartbeat', { name: 'h:1', jobsDone: 0, imagesDone: 0, imagesPerSecond: 0 })).rejects.toThrow(
      "Your session has ended; please sign in again: the worker's token no longer opens http://server.test:8080; start it with a new token, or with --user and --password-file to sign in again by itself",
    );
  });

  it('names the server it cannot reach or sign in to', async () => {
    const server = fakeServer();
    await expect(new ServerClient('http://server.test:8080', { username: 'w1', password: 'nope' }, server.fetchImpl).signIn()).rejects.toThrow(
      'Cannot sign in to http://server.test:8080 as w1: Wrong username or password',
    );
    const port = await closedPort();
    const down = new ServerClient(`http://127.0.0.1:${port}`, { token: 't' });
    await expect(down.call('health', {})).rejects.toThrow(`Cannot reach the server at http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(() => new ServerClient('ftp://x', { token: 't' })).toThrow('--server must be an http:// or https:// URL');
  });
});
