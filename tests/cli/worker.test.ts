import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ANALYSE_QUEUE, QUEUE_PROTOCOL, embedQueueName } from '../../electron/common/queue-protocol.js';
import type { WorkerInfo } from '../../electron/common/contract/workers.js';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { dispatch } from '../../electron/core/api/dispatch.js';
import { MOBILENET_V2 } from '../../electron/core/classify/backbones/definitions.js';
import { queueConnection } from '../../electron/core/queue/connection.js';
import { pipelineName } from '../../electron/core/queue/pipeline.js';
import { insertImages, writeJpeg } from '../helpers/images.js';
import { hasRedis, startRedis } from '../helpers/redis.js';
import { onCleanup, tempDir } from '../helpers/temp.js';
import { startCli, startWorkerProcess } from '../helpers/worker-process.js';

const WORKER_PW = 'worker-pass-123';
const ARCHIVIST_PW = 'archivist-pass-1';

/** A team catalogue with an admin, an archivist, a worker account and one photo; served by `canting serve`. */
async function servedCatalogue(queue: string) {
  const dir = tempDir();
  const db = path.join(dir, 'catalogue.sqlite');
  const photos = path.join(dir, 'photos');
  await writeJpeg(path.join(photos, 'kawung.jpg'), 5, 48);
  const ctx = await createAppContext(db);
  let imageId: number;
  try {
    for (const [name, input] of [
      ['team.enable', { username: 'admin', password: 'admin-pass-123' }],
      ['users.add', { username: 'w1', role: 'worker', password: WORKER_PW }],
      ['users.add', { username: 'ratna', role: 'archivist', password: ARCHIVIST_PW }],
    ] as const) {
      const r = await dispatch(name, input, ctx);
      if (!r.ok) throw new Error(r.error.message);
    }
    [imageId] = await insertImages(ctx.db, photos, ['kawung.jpg']);
  } finally {
    await closeAppContext(ctx);
  }
  const serve = startCli(['serve', '--db', db, '--queue', queue]);
  const url = new URL((await serve.waitFor(/http:\/\/\S+/))[0]).origin;
  return { url, imageId, photo: path.join(photos, 'kawung.jpg'), dir, serve };
}

async function post(url: string, name: string, input: unknown, token?: string): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
}

async function signIn(url: string, username: string, password: string): Promise<string> {
  const r = await post(url, 'auth.login', { username, password });
  return (r.body.value as { token: string }).token;
}

describe.skipIf(!hasRedis)('canting worker', () => {
  it('signs in with a worker account (a wrong password said plainly), takes jobs (a server import’s among them), fetches their photos from the server, is listed, refuses another pipeline’s jobs saying why, may make no other call (403), and stops gracefully', async () => {
    const redis = await startRedis();
    const { url, imageId, photo, dir } = await servedCatalogue(redis.url);
    const connection = queueConnection({ url: redis.url, env: {} }).options;
    const mine = pipelineName(MOBILENET_V2.id);
    const foreign = pipelineName(MOBILENET_V2.id, '0.0.1');
    const foreignQueue = new Queue(embedQueueName(foreign), { connection });
    const analyse = new Queue(ANALYSE_QUEUE, { connection });
    const events = new QueueEvents(ANALYSE_QUEUE, { connection });
    onCleanup(async () => {
      await Promise.all([foreignQueue.close(), analyse.close(), events.close()]);
    });
    const file = { path: '/srv/not-mapped-here/kawung.jpg', ref: { kind: 'image' as const, imageId } };
    await foreignQueue.add('embed', { kind: 'embed', protocol: QUEUE_PROTOCOL, runId: 'r1', pipeline: foreign, topModelId: null, items: [{ key: imageId, file }] });

    const worker = startWorkerProcess({ queue: redis.url, server: url, username: 'w1', password: WORKER_PW, pipelines: [MOBILENET_V2.id] });
    const wrong = startWorkerProcess({ queue: redis.url, server: url, username: 'w1', password: 'not-the-password' });
    await worker.waitFor(/ready: taking jobs/);
    expect(worker.stdout()).toContain(`signed in to ${url} as w1; queue redis://127.0.0.1:${redis.port}/0`);
    await worker.waitFor(new RegExp(`not taking 1 job\\(s\\) waiting in ${embedQueueName(foreign).replace(/[.+]/g, '\\$&')}: this worker runs ${mine.replace(/[.+]/g, '\\$&')}, the jobs need ${foreign.replace(/[.+]/g, '\\$&')}`));
    expect(await foreignQueue.getWaitingCount()).toBe(1);
    // The worker's password is in a file, never on its command line or in its output.
    expect(worker.stdout() + worker.stderr()).not.toContain(WORKER_PW);

    await events.waitUntilReady();
    const job = await analyse.add('analyse', { kind: 'analyse', protocol: QUEUE_PROTOCOL, runId: 'import-1', items: [{ key: 1, file, known: null, maxPixels: 100_000_000 }] });
    const result = await job.waitUntilFinished(events, 30_000);
    expect(result).toMatchObject({ worker: `${os.hostname()}:${worker.child.pid}`, results: [{ key: 1, kind: 'image', width: 48, height: 48, size: fs.statSync(photo).size, sha256: createHash('sha256').update(fs.readFileSync(photo)).digest('hex') }] });
    await worker.waitFor(/done 1: job/);

    // An import on the server (serve --queue): its analysis runs on the worker, which fetches each new file by the import's reference.
    const archivist = await signIn(url, 'ratna', ARCHIVIST_PW);
    const more = path.join(dir, 'more');
    for (let i = 0; i < 3; i++) await writeJpeg(path.join(more, `parang-${i}.jpg`), 20 + i, 40);
    expect((await post(url, 'import.start', { paths: [more] }, archivist)).status).toBe(200);
    let imports: { state: string; imported: number }[] = [];
    for (let i = 0; i < 150 && imports[0]?.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      imports = (await post(url, 'import.jobs', {}, archivist)).body.value as typeof imports;
    }
    expect(imports[0]).toMatchObject({ state: 'done', imported: 3 });

    let listed: WorkerInfo[] = [];
    for (let i = 0; i < 50 && !listed.some((w) => w.imagesDone === 4); i++) {
      listed = (await post(url, 'workers.list', {}, archivist)).body.value as WorkerInfo[];
      if (!listed.some((w) => w.imagesDone === 4)) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed).toMatchObject([{ name: `${os.hostname()}:${worker.child.pid}`, host: os.hostname(), username: 'w1', pipelines: [mine], imagesDone: 4, state: 'working' }]);
    const jobsDone = listed[0].jobsDone;

    expect(await wrong.exited()).toBe(1);
    expect(wrong.stderr()).toBe(`canting: Cannot sign in to ${url} as w1: Wrong username or password\n`);

    // A worker's own account may make a worker's calls and nothing else.
    const token = await signIn(url, 'w1', WORKER_PW);
    for (const [name, input] of [
      ['review.decide', { imageIds: [1], facet: 'motif', label: 'kawung' }],
      ['users.add', { username: 'mallory', role: 'admin', password: 'mallory-pass-1' }],
      ['settings.set', { key: 'validator', value: 'w1' }],
      ['workers.list', {}],
      ['review.query', {}],
    ] as const) {
      const r = await post(url, name, input, token);
      expect(r.status, name).toBe(403);
      expect(r.body.error?.code, name).toBe('forbidden');
    }
    expect((await post(url, 'worker.hello', { host: 'h', pid: 1, pipelines: [], concurrency: 1, version: 'x' }, token)).status).toBe(200);
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(worker.stdout()).toMatch(new RegExp(`SIGTERM: finishing the jobs in hand, then stopping\\n.*stopped after ${jobsDone} job\\(s\\)`));
    const after = (await post(url, 'workers.list', {}, archivist)).body.value as WorkerInfo[];
    expect(after.find((w) => w.pid === worker.child.pid)).toMatchObject({ state: 'stopped', jobsDone });
  }, 120_000);
});
