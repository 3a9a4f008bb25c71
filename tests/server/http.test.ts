import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/http.js';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';
import { EARLIER_BACKBONE, plantUpgradedEmbeddings } from '../helpers/embeddings.js';
import { onCleanup, tempContext } from '../helpers/temp.js';
import { sampleResult } from '../helpers/job-results.js';
import type { AppContext } from '../../electron/core/app/context.js';
import type { JobStatus } from '../../electron/common/contract/index.js';

async function serve(given?: AppContext): Promise<RunningServer> {
  const ctx = given ?? (await tempContext());
  const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
  onCleanup(() => server.close());
  return server;
}

function post(server: RunningServer, name: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.origin}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('HTTP transport', () => {
  it('binds to loopback and prints a URL with a 256-bit token', async () => {
    const server = await serve();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('answers a call with the right token', async () => {
    const server = await serve();
    const res = await post(server, 'health', {}, { authorization: `Bearer ${server.token}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('refuses calls without or with a wrong token (401)', async () => {
    const server = await serve();
    expect((await post(server, 'catalogue.info', {})).status).toBe(401);
    const wrong = await post(server, 'catalogue.info', {}, { authorization: `Bearer ${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('refuses another origin even with the token (403)', async () => {
    const server = await serve();
    const res = await post(server, 'settings.set', { validator: 'Mallory' }, { authorization: `Bearer ${server.token}`, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    // and nothing changed
    const check = await post(server, 'settings.get', {}, { authorization: `Bearer ${server.token}` });
    expect(await check.json()).toMatchObject({ value: { validator: null } });
  });

  it('accepts its own origin', async () => {
    const server = await serve();
    const res = await post(server, 'health', {}, { authorization: `Bearer ${server.token}`, origin: server.origin });
    expect(res.status).toBe(200);
  });

  it('returns typed errors for bad JSON, bad input and unknown calls', async () => {
    const server = await serve();
    const auth = { authorization: `Bearer ${server.token}` };
    const badJson = await fetch(`${server.origin}/api/health`, { method: 'POST', headers: auth, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const badInput = await post(server, 'settings.set', { language: 42 }, auth);
    expect(badInput.status).toBe(400);
    const unknown = await post(server, 'nope.nothing', {}, auth);
    expect(unknown.status).toBe(404);
  });

  it('answers a body over 8 MB with a JSON error (413), not a reset connection, sent at once or in chunks', async () => {
    const server = await serve();
    const auth = { authorization: `Bearer ${server.token}` };
    const big = JSON.stringify({ validator: 'x'.repeat(9 * 1024 * 1024) });
    const refused = { ok: false, error: { code: 'invalid_input', message: expect.stringContaining('too large'), messageKey: 'requestTooLarge', params: { max: 8 } } };
    const whole = await fetch(`${server.origin}/api/settings.set`, { method: 'POST', headers: auth, body: big });
    expect(whole.status).toBe(413);
    expect(await whole.json()).toEqual(refused);
    // Without a length given: the size is only known while reading.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        const bytes = new TextEncoder().encode(big);
        for (let i = 0; i < bytes.length; i += 256 * 1024) c.enqueue(bytes.subarray(i, i + 256 * 1024));
        c.close();
      },
    });
    const streamed = await fetch(`${server.origin}/api/settings.set`, { method: 'POST', headers: auth, body: chunks, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual(refused);
    // Nothing changed, and the server goes on answering.
    expect(await (await post(server, 'settings.get', {}, auth)).json()).toMatchObject({ ok: true, value: { validator: null } });
  });

  it('answers a body announced far over the limit at once, then closes the connection', async () => {
    const server = await serve();
    const answer = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = http.request(`${server.origin}/api/health`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-length': String(100 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
      });
      req.on('error', reject);
      req.write('{"a":'); // the rest never comes
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'requestTooLarge' } });
  });

  it('refuses a deeply nested body before parsing it, and takes ordinary nesting', async () => {
    const server = await serve();
    const auth = { authorization: `Bearer ${server.token}` };
    const deep = '['.repeat(3_000_000) + ']'.repeat(3_000_000); // 6 MB: JSON.parse alone takes seconds on it
    const res = await fetch(`${server.origin}/api/health`, { method: 'POST', headers: auth, body: deep });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('more than 64 levels'), messageKey: 'requestTooDeep', params: { max: 64 } },
    });
    const objects = '{"a":'.repeat(65) + '1' + '}'.repeat(65);
    expect(await (await fetch(`${server.origin}/api/health`, { method: 'POST', headers: auth, body: objects })).json()).toMatchObject({ error: { messageKey: 'requestTooDeep' } });
    // Brackets inside strings are text, not nesting.
    const ok = await post(server, 'settings.set', { validator: '[{'.repeat(40) }, auth);
    expect(await ok.json()).toMatchObject({ ok: true });
  });

  it('streams job events as Server-Sent Events', async () => {
    const ctx = await tempContext();
    const server = await startServer({ ctx, rendererDir: RENDERER_DIR });
    onCleanup(() => server.close());
    const controller = new AbortController();
    const res = await fetch(`${server.origin}/api/events`, { headers: { authorization: `Bearer ${server.token}` }, signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // the connected comment
    const job = ctx.jobs.start('export', 'test job', async (jc) => {
      jc.progress({ found: 2, done: 2 });
      return sampleResult('export');
    });
    await job.done;
    let text = '';
    while (!text.includes('"state":"done"')) text += (await reader.read()).value;
    controller.abort();
    expect(text).toContain('"kind":"export"');
  });

  it('serves the interface with a Content-Security-Policy', async () => {
    const server = await serve();
    const res = await fetch(`${server.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
  });

  it('lists and deletes an earlier backbone’s embeddings over HTTP as over IPC (the same handler table), as a job whose result it can read', async () => {
    const ctx = await tempContext();
    await plantUpgradedEmbeddings(ctx.db, path.dirname(ctx.cataloguePath));
    const server = await serve(ctx);
    const auth = { authorization: `Bearer ${server.token}` };
    const stale = async () => (await (await post(server, 'embeddings.stale', {}, auth)).json()) as { value: { vectors: number; backbones: { backbone: string }[] } };
    expect((await stale()).value).toMatchObject({ vectors: 6, backbones: [{ backbone: EARLIER_BACKBONE }] });
    const started = (await (await post(server, 'embeddings.prune', {}, auth)).json()) as { ok: true; value: { jobId: string; total: number } };
    expect(started).toMatchObject({ ok: true, value: { jobId: expect.any(String), total: 6, vacuum: false } });
    let job: JobStatus | undefined;
    while (job?.state !== 'done') {
      await new Promise((r) => setTimeout(r, 50));
      const jobs = (await (await post(server, 'jobs.list', {}, auth)).json()) as { value: JobStatus[] };
      job = jobs.value.find((j) => j.id === started.value.jobId);
      expect(job?.state).not.toMatch(/failed|cancelled/);
    }
    expect(job).toMatchObject({ kind: 'prune', done: 6, found: 6, result: { vectors: 6, vacuumed: false } });
    expect((await stale()).value).toMatchObject({ vectors: 0, backbones: [] });
  });
});
