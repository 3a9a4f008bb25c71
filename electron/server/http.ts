import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AppContext } from '../core/app/context.js';
import { dispatch } from '../core/api/dispatch.js';
import { ApiError } from '../common/errors.js';
import { CONTENT_SECURITY_POLICY } from '../common/csp.js';
import { readJsonBody } from './body.js';

export interface ServerOptions {
  ctx: AppContext;
  host?: string;
  port?: number;
  rendererDir: string;
  /** Fixed token (tests); otherwise 256 random bits per run. */
  token?: string;
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
 * The loopback transport: the built renderer plus the same handler table as
 * Electron IPC. Every API request needs the per-run bearer token; a request
 * from another origin (or addressed to another host name, as in DNS
 * rebinding) is refused even with the token.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('hex');
  let origin = '';
  let allowedHosts = new Set<string>();
  // Bound to every interface (--host 0.0.0.0): any host name may reach us,
  // but the page must still come from the same host it calls.
  const wildcard = host === '0.0.0.0' || host === '::';

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://placeholder');
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
        return serveStatic(options.rendererDir, url.pathname, res);
      }
      const requestOrigin = req.headers.origin;
      const hostHeader = req.headers.host ?? '';
      const hostOk = wildcard || allowedHosts.has(hostHeader);
      if (!hostOk || (requestOrigin !== undefined && requestOrigin !== `http://${hostHeader}`)) {
        return sendError(res, 403, new ApiError('forbidden', 'Requests from another origin are refused'));
      }
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (!tokenMatches(given, token)) {
        // Most often a page left open across a restart of `canting serve` (each run has a new token).
        return sendError(res, 401, new ApiError('unauthorized', 'Missing or invalid token: open the URL Canting printed').translated('tokenInvalid'));
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
      const name = url.pathname.slice('/api/'.length);
      const body = await readJsonBody(req);
      if (!body.ok) {
        // Not read to its end: answer, then close (the rest would be read as the next request).
        if (body.close) res.setHeader('connection', 'close');
        return sendError(res, body.status, body.error);
      }
      const result = await dispatch(name, body.input, options.ctx);
      const status = result.ok ? 200 : result.error.code === 'unknown_call' ? 404 : result.error.code === 'internal' ? 500 : 400;
      sendJson(res, status, result);
    } catch (err) {
      if (!res.headersSent) sendError(res, 400, err instanceof ApiError ? err : new ApiError('internal', 'Request failed'));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  origin = `http://${hostForUrl}:${port}`;
  allowedHosts = new Set([`${hostForUrl}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  return {
    url: `${origin}/?token=${token}`,
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
