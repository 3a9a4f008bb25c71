import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { MOBILENET_V2 } from '../../../electron/core/classify/backbones/definitions.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { hasRedis, NO_REDIS_REASON, startRedis } from '../../helpers/redis.js';
import { tempDir } from '../../helpers/temp.js';
import { startCli, startWorkerProcess } from '../../helpers/worker-process.js';

const WORKER_PW = 'worker-pass-123';
const ARCHIVIST_PW = 'archivist-pass-1';
const IMAGES = 24;
const STALL_MS = 1000;

async function post<T>(url: string, name: string, input: unknown, token?: string): Promise<T> {
  const res = await fetch(`${url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.value as T;
}

/**
 * The whole stack as deployed: `canting serve --queue` on a team catalogue,
 * redis-server, and two `canting worker` processes signed in with a worker
 * account, fetching photos over the API. One worker is killed with SIGKILL
 * right after its first batch, while it holds its second.
 */
describe.skipIf(!hasRedis)(`server and two worker processes (${hasRedis ? 'redis-server present' : NO_REDIS_REASON})`, () => {
  it('kill -9 of a worker mid-run: its batch runs again on the other after the stall interval; nothing lost, nothing doubled', async () => {
    const redis = await startRedis();
    const dir = tempDir();
    const db = path.join(dir, 'catalogue.sqlite');
    const photos = path.join(dir, 'photos');
    const rel: string[] = [];
    for (let i = 0; i < IMAGES; i++) {
      await writeJpeg(path.join(photos, `img_${i}.jpg`), 700 + i, 48);
      rel.push(`img_${i}.jpg`);
    }
    const ctx = await createAppContext(db);
    try {
      for (const [name, input] of [
        ['team.enable', { username: 'admin', password: 'admin-pass-123' }],
        ['users.add', { username: 'w1', role: 'worker', password: WORKER_PW }],
        ['users.add', { username: 'ratna', role: 'archivist', password: ARCHIVIST_PW }],
      ] as const) {
        const r = await dispatch(name, input, ctx);
        if (!r.ok) throw new Error(r.error.message);
      }
      await insertImages(ctx.db, photos, rel);
    } finally {
      await closeAppContext(ctx);
    }
    const serve = startCli(['serve', '--db', db, '--queue', redis.url, '--queue-stall', String(STALL_MS)]);
    const url = new URL((await serve.waitFor(/http:\/\/\S+/))[0]).origin;
    expect(serve.stdout()).toContain(`Queue redis://127.0.0.1:${redis.port}/0: classification and import analysis run on canting workers`);
    const worker = () => startWorkerProcess({ queue: redis.url, server: url, username: 'w1', password: WORKER_PW, pipelines: [MOBILENET_V2.id], concurrency: 1, stallMs: STALL_MS });
    const [a, b] = [worker(), worker()];
    await Promise.all([a.waitFor(/ready: taking jobs/), b.waitFor(/ready: taking jobs/)]);

    const token = (await post<{ token: string }>(url, 'auth.login', { username: 'ratna', password: ARCHIVIST_PW })).token;
    const started = await post<{ jobId: string }>(url, 'classify.start', { facet: 'motif' }, token);
    await a.waitFor(/done 1: job/, 90_000);
    a.child.kill('SIGKILL');

    let job: JobStatus | undefined;
    const until = Date.now() + 90_000;
    for (;;) {
      job = (await post<JobStatus[]>(url, 'jobs.list', {}, token)).find((j) => j.id === started.jobId);
      if (job && job.state !== 'running' && job.state !== 'queued') break;
      if (Date.now() > until) throw new Error(`classification still ${job?.state}: ${serve.stdout()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job).toMatchObject({ state: 'done', found: IMAGES, done: IMAGES, failed: 0 });
    expect(b.stdout()).toMatch(/done \d+: job/);
    await serve.stop();
    await b.stop();

    const check = new Database(db, { readonly: true });
    try {
      const perImage = check.prepare('SELECT count(*) FROM predictions GROUP BY image_id').pluck().all();
      expect(perImage).toEqual(Array.from({ length: IMAGES }, () => 1)); // none lost, none doubled
      expect(check.prepare('SELECT count(*) FROM embeddings').pluck().get()).toBe(IMAGES);
    } finally {
      check.close();
    }
  }, 200_000);
});
