import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { dispatch } from '../../electron/core/api/dispatch.js';
import type { AppContext } from '../../electron/core/app/context.js';
import { startServer, type RunningServer, type ServerOptions } from '../../electron/server/http.js';
import { onCleanup, tempContext, tempDir } from './temp.js';

export const TEAM_PASSWORD = 'kawung-parang-1';

/** A team catalogue: admin "ratna", archivist "budi", viewer "wati" (all with TEAM_PASSWORD). */
export async function teamCatalogue(): Promise<AppContext> {
  const ctx = await tempContext();
  const ok = (r: { ok: boolean }) => expect(r).toMatchObject({ ok: true });
  ok(await dispatch('team.enable', { username: 'ratna', displayName: 'Ratna', password: TEAM_PASSWORD }, ctx));
  ok(await dispatch('users.add', { username: 'budi', role: 'archivist', password: TEAM_PASSWORD }, ctx));
  ok(await dispatch('users.add', { username: 'wati', role: 'viewer', password: TEAM_PASSWORD }, ctx));
  return ctx;
}

/** What `canting serve` runs, on a free loopback port, closed after the test. */
export async function serve(ctx: AppContext, extra: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const server = await startServer({ ctx, rendererDir: RENDERER_DIR, ...extra });
  onCleanup(() => server.close());
  return server;
}

/** A fresh self-signed certificate for 127.0.0.1 (openssl), with its SHA-256 fingerprint as Node writes it. */
export function selfSignedCertificate(): { cert: string; key: string; fingerprint: string } {
  const dir = tempDir('canting-cert-');
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', ...subject], {
    stdio: 'ignore',
  });
  const der = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
  return { cert: fs.readFileSync(cert, 'utf8'), key: fs.readFileSync(key, 'utf8'), fingerprint: der.trim().split('=')[1] };
}
