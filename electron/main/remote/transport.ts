import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { agentFor } from './tls.js';

export interface RemoteRequest {
  method: 'GET' | 'POST';
  /** Path on the server, e.g. /api/catalogue.info */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Give up when no answer has begun within this time (not for the event stream). */
  timeoutMs?: number;
}

export interface RemoteResponse {
  status: number;
  contentType: string;
  body: Readable;
}

/** How the desktop app reaches one server; tests may hand in another (a fake, a proxy). */
export interface Transport {
  send(request: RemoteRequest): Promise<RemoteResponse>;
  close(): void;
}

/**
 * Node's own HTTP client (not the page's fetch): the certificate policy is
 * ours to decide (system trust store or exactly the pinned certificate) and
 * the token never enters Chromium's network stack or the page.
 */
export function nodeTransport(origin: URL, pinnedFingerprint: string | null): Transport {
  const secure = origin.protocol === 'https:';
  const agent = secure ? agentFor(pinnedFingerprint) : new http.Agent({ keepAlive: true });
  return {
    send(request) {
      return new Promise((resolve, reject) => {
        const lib = secure ? https : http;
        const req = lib.request(
          new URL(request.path, origin),
          {
            method: request.method,
            agent,
            headers: { ...request.headers, ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}) },
            signal: request.signal,
          },
          (res) => {
            req.setTimeout(0);
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: res });
          },
        );
        if (request.timeoutMs) req.setTimeout(request.timeoutMs, () => req.destroy(Object.assign(new Error('No answer in time'), { code: 'ETIMEDOUT' })));
        req.once('error', reject);
        req.end(request.body);
      });
    },
    close: () => agent.destroy(),
  };
}

export async function readText(body: Readable, maxBytes = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error('Answer too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
