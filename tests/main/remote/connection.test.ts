import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CantingEvent } from '../../../electron/common/contract/index.js';
import { ApiError } from '../../../electron/common/errors.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { APP_ROOT } from '../../../electron/core/app/paths.js';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { connectRemote, type RemoteConnection, type RemoteDeps } from '../../../electron/main/remote/connection.js';
import { RecentServers } from '../../../electron/main/remote/recent-servers.js';
import { TrustedServers } from '../../../electron/main/remote/trusted-servers.js';
import { selfSignedCertificate, serve, TEAM_PASSWORD, teamCatalogue } from '../../helpers/team-server.js';
import { onCleanup, tempContext, tempDir } from '../../helpers/temp.js';

function userData(): RemoteDeps & { dir: string } {
  const dir = tempDir('canting-userdata-');
  return { dir, trusted: new TrustedServers(path.join(dir, 'trusted-servers.json')), recent: new RecentServers(path.join(dir, 'recent-servers.json')) };
}

async function connected(url: string, username: string, deps: RemoteDeps, extra: { acceptFingerprint?: string } = {}): Promise<RemoteConnection> {
  const outcome = await connectRemote({ url, username, password: TEAM_PASSWORD, ...extra }, deps);
  if (outcome.kind !== 'connected') throw new Error(`not connected: ${JSON.stringify(outcome)}`);
  onCleanup(() => outcome.connection.close());
  return outcome.connection;
}

/** The error a connection attempt fails with. */
async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('the desktop app on a team catalogue over loopback HTTP', () => {
  it('signs in, calls held to the role, remembers the server without the password', async () => {
    const ctx = await teamCatalogue();
    const server = await serve(ctx);
    const deps = userData();
    const wati = await connected(server.origin, 'wati', deps);
    expect(wati.signedInUser).toMatchObject({ username: 'wati', role: 'viewer' });
    const info = await wati.call('catalogue.info', {});
    expect(info).toMatchObject({ ok: true, value: { counts: { images: 0 } } });
    // The server decides: a viewer may not import.
    expect(await wati.call('import.start', { paths: ['/tmp'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(deps.recent.list()).toEqual([{ url: server.origin, username: 'wati' }]);
    const files = fs.readdirSync(deps.dir).map((f) => fs.readFileSync(path.join(deps.dir, f), 'utf8')).join('\n');
    expect(files).not.toContain(TEAM_PASSWORD);
  });

  it('answers a wrong password as the server does, the same for an unknown name', async () => {
    const server = await serve(await teamCatalogue());
    const wrong = await refusal(connectRemote({ url: server.origin, username: 'budi', password: 'not-the-password' }, userData()));
    const unknown = await refusal(connectRemote({ url: server.origin, username: 'nobody', password: 'not-the-password' }, userData()));
    expect(wrong).toMatchObject({ code: 'unauthorized', messageKey: 'signInFailed' });
    expect(unknown.message).toBe(wrong.message);
  });

  it('refuses a single-seat catalogue, a closed port and plain http beyond this machine, each saying so', async () => {
    const single = await serve(await tempContext());
    expect(await refusal(connectRemote({ url: single.origin, username: 'budi', password: TEAM_PASSWORD }, userData()))).toMatchObject({ messageKey: 'remoteNotTeam' });
    const port = await closedPort();
    expect(await refusal(connectRemote({ url: `http://127.0.0.1:${port}`, username: 'budi', password: TEAM_PASSWORD }, userData()))).toMatchObject({
      code: 'io',
      messageKey: 'remoteUnreachable',
    });
    // Refused before any connection: the password would cross the network in clear.
    expect(await refusal(connectRemote({ url: 'http://192.0.2.7:8080', username: 'budi', password: TEAM_PASSWORD }, userData()))).toMatchObject({
      messageKey: 'remoteInsecureUrl',
      params: { host: '192.0.2.7:8080' },
    });
    expect(await refusal(connectRemote({ url: 'ftp://arsip', username: 'budi', password: TEAM_PASSWORD }, userData()))).toMatchObject({ messageKey: 'remoteInvalidUrl' });
    // Another web server, and a reverse proxy whose Canting is down.
    const other = http.createServer((req, res) => res.writeHead(req.url === '/down' ? 502 : 200, { 'content-type': 'text/html' }).end('<h1>hello</h1>'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    onCleanup(() => new Promise<void>((r) => other.close(() => r())));
    const otherUrl = `http://127.0.0.1:${(other.address() as net.AddressInfo).port}`;
    expect(await refusal(connectRemote({ url: otherUrl, username: 'budi', password: TEAM_PASSWORD }, userData()))).toMatchObject({ messageKey: 'remoteNotTeam' });
    other.removeAllListeners('request');
    other.on('request', (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'));
    expect(await refusal(connectRemote({ url: otherUrl, username: 'budi', password: TEAM_PASSWORD }, userData()))).toMatchObject({ messageKey: 'remoteUnreachable' });
  });

  it('relays the server’s events while signed in', async () => {
    const ctx = await teamCatalogue();
    const server = await serve(ctx);
    const budi = await connected(server.origin, 'budi', userData());
    const seen: CantingEvent[] = [];
    const stop = budi.subscribe((e) => seen.push(e));
    // Emitted again until the stream is up (an event before it connected reaches nobody, as in a browser).
    const emitted = () => {
      ctx.events.emit({ type: 'catalogue-changed', reason: 'test' });
      return seen.length;
    };
    await expect.poll(emitted, { timeout: 5000 }).toBeGreaterThan(0);
    expect(seen[0]).toEqual({ type: 'catalogue-changed', reason: 'test' });
    stop();
  });

  it('says the session ended when the server ended it, and signs in again', async () => {
    const ctx = await teamCatalogue();
    const server = await serve(ctx);
    const budi = await connected(server.origin, 'budi', userData());
    const sessions = await dispatch('sessions.list', {}, ctx);
    if (!sessions.ok) throw new Error('sessions.list');
    for (const s of sessions.value as { id: number }[]) await dispatch('sessions.revoke', { id: s.id }, ctx);
    expect(await budi.call('catalogue.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized', messageKey: 'sessionExpired' } });
    expect(budi.signedInUser).toBeNull();
    // The token is gone: nothing more goes to the server until a new sign-in, and calls that were
    // on their way keep saying why (a screen refreshing several things at once must not say "sign in first").
    expect(await budi.call('catalogue.info', {})).toMatchObject({ ok: false, error: { messageKey: 'sessionExpired' } });
    await budi.signIn('budi', TEAM_PASSWORD);
    expect(await budi.call('catalogue.info', {})).toMatchObject({ ok: true });
    await budi.signOut();
    expect(await budi.call('catalogue.info', {})).toMatchObject({ ok: false, error: { messageKey: 'signInRequired' } });
  });
});

describe('the desktop app on a team catalogue over HTTPS with a self-signed certificate', () => {
  it('shows the certificate first, trusts it only when accepted, and refuses it once it changed', async () => {
    const first = selfSignedCertificate();
    const ctx = await teamCatalogue();
    const server = await serve(ctx, { tls: { cert: first.cert, key: first.key } });
    const deps = userData();
    const url = server.origin;

    const outcome = await connectRemote({ url, username: 'budi', password: TEAM_PASSWORD }, deps);
    expect(outcome).toMatchObject({ kind: 'untrusted', certificate: { fingerprint: first.fingerprint, reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
    expect(deps.trusted.fingerprintOf(`127.0.0.1:${server.port}`)).toBeNull();
    // Nothing was sent before the user accepted: no sign-in attempt reached the server.
    expect(ctx.db.prepare('SELECT count(*) AS n FROM sign_in_events').get()).toEqual({ n: 0 });

    // Accepting another fingerprint than the one presented opens nothing.
    await expect(connectRemote({ url, username: 'budi', password: TEAM_PASSWORD, acceptFingerprint: 'AA:BB' }, deps)).rejects.toMatchObject({ messageKey: 'remoteCertificateChanged' });
    const budi = await connected(url, 'budi', deps, { acceptFingerprint: first.fingerprint });
    expect(await budi.call('catalogue.info', {})).toMatchObject({ ok: true });
    expect(JSON.parse(fs.readFileSync(path.join(deps.dir, 'trusted-servers.json'), 'utf8'))).toMatchObject({ [`127.0.0.1:${server.port}`]: { fingerprint: first.fingerprint } });
    budi.close();
    // Pinned: the next time connects straight away.
    await connected(url, 'wati', deps);

    // The same address now presents another certificate.
    await server.close();
    const second = selfSignedCertificate();
    const ctx2 = await teamCatalogue();
    await serve(ctx2, { tls: { cert: second.cert, key: second.key }, port: server.port });
    const changed = await refusal(connectRemote({ url, username: 'budi', password: TEAM_PASSWORD }, deps));
    expect(changed).toMatchObject({ code: 'forbidden', messageKey: 'remoteCertificateChanged', params: { fingerprint: second.fingerprint } });
    // Accepting is no way around the pin.
    await expect(connectRemote({ url, username: 'budi', password: TEAM_PASSWORD, acceptFingerprint: second.fingerprint }, deps)).rejects.toMatchObject({
      messageKey: 'remoteCertificateChanged',
    });
    expect(ctx2.db.prepare('SELECT count(*) AS n FROM sign_in_events').get()).toEqual({ n: 0 });
    expect(deps.trusted.fingerprintOf(`127.0.0.1:${server.port}`)).toBe(first.fingerprint);
  });
});

describe('the desktop app on the `canting serve` process', () => {
  it('opens a team catalogue served with --tls-cert/--tls-key after the certificate is accepted', async () => {
    const dir = tempDir('canting-served-');
    const db = path.join(dir, 'tim.sqlite');
    const ctx = await createAppContext(db);
    expect(await dispatch('team.enable', { username: 'ratna', displayName: 'Ratna', password: TEAM_PASSWORD }, ctx)).toMatchObject({ ok: true });
    await closeAppContext(ctx);
    const { cert, key, fingerprint } = selfSignedCertificate();
    fs.writeFileSync(path.join(dir, 'cert.pem'), cert);
    fs.writeFileSync(path.join(dir, 'key.pem'), key);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(APP_ROOT, 'electron/cli/main.ts'), 'serve', '--db', db, '--tls-cert', path.join(dir, 'cert.pem'), '--tls-key', path.join(dir, 'key.pem')], {
      cwd: APP_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onCleanup(() => void child.kill('SIGKILL'));
    let printed = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        printed += d.toString();
        const m = /(https:\/\/127\.0\.0\.1:\d+)\//.exec(printed);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`canting serve ended (${code}): ${printed}`)));
    });
    const deps = userData();
    expect(await connectRemote({ url, username: 'ratna', password: TEAM_PASSWORD }, deps)).toMatchObject({ kind: 'untrusted', certificate: { fingerprint } });
    const ratna = await connected(url, 'ratna', deps, { acceptFingerprint: fingerprint });
    expect(await ratna.call('auth.me', {})).toMatchObject({ ok: true, value: { team: true, user: { username: 'ratna', role: 'admin' } } });
  });
});
