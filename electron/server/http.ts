import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../core/app/context.js';
import { dispatch, toApiError } from '../core/api/dispatch.js';
import { ApiError } from '../common/errors.js';
import { CONTENT_SECURITY_POLICY } from '../common/csp.js';
import { readJsonBody } from './body.js';
import type { Caller } from '../core/api/caller.js';
import { isTeamCatalogue } from '../core/team/users.js';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from '../core/team/sessions.js';
import { SignInLimiter, type SignInLimits } from '../core/team/sign-in.js';
import { login, logout, teamCaller, type SessionAuth } from './session-auth.js';
import { isLoopback } from '../common/loopback.js';

export interface ServerOptions {
  ctx: AppContext;
  host?: string;
  port?: number;
  rendererDir: string;
  /** Fixed token (tests); otherwise 256 random bits per run. Gives no access to a team catalogue. */
  token?: string;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Team catalogues: how long sessions last, how many failed sign-ins are allowed. */
  sessions?: SessionPolicy;
  signInLimits?: SignInLimits;
  /**
   * The address people open when a reverse proxy stands in front (e.g.
   * https://canting.arsip.example): its origin and host are accepted besides
   * the bound address's own.
   */
  publicUrl?: string;
}

export interface RunningServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, err: ApiError): void {
  sendJson(res, status, { ok: false, error: err.toJSON() });
}

const STATUS: Partial<Record<string, number>> = { unknown_call: 404, internal: 500, unauthorized: 401, forbidden: 403, rate_limited: 429 };

function sendResult(res: http.ServerResponse, result: { ok: true; value: unknown } | { ok: false; error: ReturnType<ApiError['toJSON']> }): void {
  if (!result.ok && result.error.code === 'rate_limited') {
    const retry = (result.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry) res.setHeader('retry-after', String(retry));
  }
  sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 400), result);
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function serveStatic(rendererDir: string, urlPath: string, res: http.ServerResponse): void {
  const rel = urlPath === '/' ? 'index.html' : decodeURIComponent(urlPath).replace(/^\/+/, '');
  const file = path.resolve(rendererDir, rel);
  if (!file.startsWith(path.resolve(rendererDir) + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(rendererDir, 'index.html');
  if (!fs.existsSync(target)) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The interface is not built. Run "npm run build" first.');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  fs.createReadStream(target).pipe(res);
}

/**
 * The browser transport: the built renderer plus the same handler table as
 * Electron IPC. A single-seat catalogue is served on loopback only, and every
 * API request needs the per-run bearer token (the caller is the catalogue's
 * owner); a team catalogue needs a signed-in session instead (auth.login),
 * and each call is held to the session's role in dispatch. A request from
 * another origin (or addressed to another host name, as in DNS rebinding) is
 * refused even with a token.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !isTeamCatalogue(options.ctx.db)) {
    throw new ApiError(
      'conflict',
      `Serving beyond this machine (--host ${host}) needs a team catalogue, where everyone signs in: run "canting team enable" first. A single-seat catalogue is served on 127.0.0.1 only.`,
    );
  }
  const scheme = options.tls ? 'https' : 'http';
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  const auth: SessionAuth = {
    policy: options.sessions ?? DEFAULT_SESSION_POLICY,
    limiter: new SignInLimiter(options.signInLimits),
    secure: Boolean(options.tls),
  };
  const token = options.token ?? randomBytes(32).toString('hex');
  let origin = '';
  let allowedHosts = new Set<string>();
  // Bound to every interface (--host 0.0.0.0): any host name may reach us,
  // but the page must still come from the same host it calls.
  const wildcard = host === '0.0.0.0' || host === '::';

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
        return serveStatic(options.rendererDir, url.pathname, res);
      }
      const requestOrigin = req.headers.origin;
      const hostHeader = req.headers.host ?? '';
      const hostOk = wildcard || allowedHosts.has(hostHeader);
      const originOk = requestOrigin === undefined || requestOrigin === `${scheme}://${hostHeader}` || requestOrigin === publicOrigin;
      if (!hostOk || !originOk) {
        return sendError(res, 403, new ApiError('forbidden', 'Requests from another origin are refused'));
      }
      const name = url.pathname.slice('/api/'.length);
      const team = isTeamCatalogue(options.ctx.db);
      if (team && req.method === 'POST' && (name === 'auth.login' || name === 'auth.logout')) {
        const body = await readJsonBody(req);
        if (!body.ok) {
          if (body.close) res.setHeader('connection', 'close');
          return sendError(res, body.status, body.error);
        }
        try {
          const value = name === 'auth.login' ? await login(req, res, body.input, options.ctx, auth) : logout(req, res, options.ctx, auth);
          return sendJson(res, 200, { ok: true, value });
        } catch (err) {
          return sendResult(res, { ok: false, error: toApiError(err, options.ctx).toJSON() });
        }
      }
      let caller: Caller = { kind: 'local' };
      if (team) {
        const who = teamCaller(req, options.ctx, auth);
        if ('error' in who) return sendError(res, who.status, who.error);
        caller = who.caller;
      } else {
        const authHeader = req.headers.authorization ?? '';
        const given = authHeader.startsWith('Bearer ') ? authHeader.slice(7) : undefined;
        if (!tokenMatches(given, token)) {
          // Most often a page left open across a restart of `canting serve` (each run has a new token).
          return sendError(res, 401, new ApiError('unauthorized', 'Missing or invalid token: open the URL Canting printed').translated('tokenInvalid'));
        }
      }
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        const unsubscribe = options.ctx.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
        const keepAlive = setInterval(() => res.write(': ping\n\n'), 15000);
        req.on('close', () => {
          clearInterval(keepAlive);
          unsubscribe();
        });
        return;
      }
      if (req.method !== 'POST') return sendError(res, 405, new ApiError('invalid_input', 'Use POST for API calls'));
      const body = await readJsonBody(req);
      if (!body.ok) {
        // Not read to its end: answer, then close (the rest would be read as the next request).
        if (body.close) res.setHeader('connection', 'close');
        return sendError(res, body.status, body.error);
      }
      sendResult(res, await dispatch(name, body.input, options.ctx, caller));
    } catch (err) {
      if (!res.headersSent) sendError(res, 400, err instanceof ApiError ? err : new ApiError('internal', 'Request failed'));
    }
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle) : http.createServer(handle);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  origin = `${scheme}://${hostForUrl}:${port}`;
  allowedHosts = new Set([`${hostForUrl}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, ...(publicOrigin ? [new URL(publicOrigin).host] : [])]);
  return {
    // A team catalogue's page asks people to sign in; the run token would open nothing.
    url: isTeamCatalogue(options.ctx.db) ? `${publicOrigin ?? origin}/` : `${origin}/?token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
