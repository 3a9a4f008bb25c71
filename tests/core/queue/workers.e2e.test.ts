import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { startQueueService } from '../../../electron/cli/queue-serve.js';
import { QUEUE_PROTOCOL, embedQueueName } from '../../../electron/common/queue-protocol.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { MOBILENET_V2 } from '../../../electron/core/classify/backbones/definitions.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { queueConnection } from '../../../electron/core/queue/connection.js';
import { pipelineName } from '../../../electron/core/queue/pipeline.js';
import type { RemoteCompute } from '../../../electron/core/queue/remote.js';
import { startServer } from '../../../electron/server/http.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { hasRedis, NO_REDIS_REASON, startRedis } from '../../helpers/redis.js';
import { sharedSetup, tempDir } from '../../helpers/temp.js';
import { startWorkerProcess, type CliProcess } from '../../helpers/worker-process.js';

const WORKER_PW = 'worker-pass-123';
// Short, so a killed worker's batch moves on within the test; a restart of the server is well under it.
const STALL_MS = 1000;

/** One side of the server: the app context, its queue service and its HTTP server, as `canting serve --queue` wires them. */
interface ServerSide {
  ctx: AppContext;
  remote: RemoteCompute;
  url: string;
  /** The run ids continued from the catalogue's cut-off runs (after the server listens, as serve does). */
  continued: string[];
  /** What serve's SIGTERM does: stop listening, close the queue (runs on it are cut off, their batches stay in Redis), close the catalogue. */
  stop(): Promise<void>;
}

/**
 * The whole stack, shared by the file's tests (a worker process takes seconds
 * to start its engine): a team catalogue served with a queue (in this
 * process, through the same startQueueService as `canting serve --queue`),
 * redis-server, and two `canting worker` processes signed in with a worker
 * account, fetching photos over the API. Each test adds its own photos.
 * `restartServer` closes the server side and opens the catalogue again on the
 * same port, as a restarted `canting serve --queue` would.
 */
async function startStack(keep: (fn: () => Promise<void>) => void) {
  const redis = await startRedis();
  const dir = tempDir();
  const db = path.join(dir, 'catalogue.sqlite');
  const rendererDir = tempDir();
  const first = await createAppContext(db);
  for (const [name, input] of [
    ['team.enable', { username: 'admin', password: 'admin-pass-123' }],
    ['users.add', { username: 'w1', role: 'worker', password: WORKER_PW }],
  ] as const) {
    const r = await dispatch(name, input, first);
    if (!r.ok) throw new Error(r.error.message);
  }
  const log: string[] = [];

  const serve = async (ctx: AppContext, port?: number): Promise<ServerSide> => {
    const queue = await startQueueService(ctx, { queue: redis.url, queueStall: STALL_MS }, (line) => log.push(line));
    const server = await startServer({ ctx, rendererDir, port });
    const continued = await queue.continueRuns();
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
      await queue.close();
      await closeAppContext(ctx);
    };
    keep(stop);
    return { ctx, remote: queue.remote, url: new URL(server.url).origin, continued, stop };
  };

  let side = await serve(first);
  const port = Number(new URL(side.url).port);
  const worker = () => startWorkerProcess({ queue: redis.url, server: side.url, username: 'w1', password: WORKER_PW, pipelines: [MOBILENET_V2.id], concurrency: 1, stallMs: STALL_MS });
  const workers = [worker(), worker()] as const;
  await Promise.all(workers.map((w) => w.waitFor(/ready: taking jobs/)));
  let added = 0;
  return {
    redis,
    workers,
    log,
    side: () => side,
    /** `n` new small photos in a folder of their own, in the catalogue: their ids, in order, and their folder. */
    async addPhotos(n: number): Promise<{ ids: number[]; folder: string }> {
      const folder = path.join(dir, `photos-${added}`);
      const rel: string[] = [];
      for (let i = 0; i < n; i++) {
        await writeJpeg(path.join(folder, `img_${i}.jpg`), 700 + added + i, 32);
        rel.push(`img_${i}.jpg`);
      }
      added += n;
      return { ids: await insertImages(side.ctx.db, folder, rel), folder };
    },
    async restartServer(): Promise<ServerSide> {
      await side.stop();
      side = await serve(await createAppContext(db), port);
      return side;
    },
  };
}

function predictionsPerImage(ctx: AppContext, ids: number[]): number[] {
  const count = ctx.db.prepare('SELECT count(*) FROM predictions WHERE image_id = ?').pluck();
  return ids.map((id) => count.get(id) as number);
}

function embeddingsOf(ctx: AppContext, ids: number[]): number {
  const has = ctx.db.prepare('SELECT count(*) FROM embeddings WHERE image_id = ? AND backbone = ?').pluck();
  return ids.reduce((n, id) => n + (has.get(id, BACKBONE_ID) as number), 0);
}

/** Jobs a worker process has finished since `from` (a length of its output), from its `done N` lines. */
function jobsDone(w: CliProcess, from = 0): number {
  return [...w.stdout().slice(from).matchAll(/done \d+: job/g)].length;
}

/** Where each worker's output stands now: jobsDone(w, mark[i]) counts from here. */
function mark(workers: readonly CliProcess[]): number[] {
  return workers.map((w) => w.stdout().length);
}

function doneSince(w: CliProcess, from: number, n = 1): Promise<void> {
  return expect.poll(() => jobsDone(w, from), { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(n);
}

describe.skipIf(!hasRedis)(`server and two worker processes (${hasRedis ? 'redis-server present' : NO_REDIS_REASON})`, () => {
  const stack = sharedSetup(startStack);

  it('photos whose file is damaged (not an image, a truncated JPEG) fail with their reason, after a bounded number of tries; the others succeed', async () => {
    const { side, workers, addPhotos } = await stack();
    const { ctx } = side();
    const { ids, folder } = await addPhotos(10);
    // The catalogue knew them as good photos; their files were damaged since (bit rot, an interrupted copy).
    fs.writeFileSync(path.join(folder, 'img_3.jpg'), 'this is not a photo');
    const good = fs.readFileSync(path.join(folder, 'img_7.jpg'));
    fs.writeFileSync(path.join(folder, 'img_7.jpg'), good.subarray(0, Math.floor(good.length / 2)));
    const from = mark(workers);
    const r = await (await startClassify(ctx, { facet: 'motif', imageIds: ids }, { batchSize: 4 })).done;

    expect(r).toMatchObject({ total: 10, classified: 8, failed: 2 });
    // The same reasons as an import gives, whatever else decodes at the same moment.
    const reasons = new Map(r.errors.map((e) => [e.imageId, e.message]));
    expect([...reasons.keys()].sort((x, y) => x - y)).toEqual([ids[3], ids[7]]);
    expect(reasons.get(ids[3])).toBe('the image is damaged and cannot be decoded');
    expect(reasons.get(ids[7])).toMatch(/^the image is truncated \(incomplete file\)/);
    expect(predictionsPerImage(ctx, ids)).toEqual(ids.map((_, i) => (i === 3 || i === 7 ? 0 : 1)));
    // A damaged file is its photo's own failure, not the batch's: 3 batches, each run once, none retried.
    expect(jobsDone(workers[0], from[0]) + jobsDone(workers[1], from[1])).toBe(3);
  }, 60_000);

  it('Redis restarts mid-run: queued batches survive, server and both workers reconnect by themselves and go on taking jobs', async () => {
    const { side, workers, addPhotos, redis } = await stack();
    const { ctx } = side();
    const { ids } = await addPhotos(24);
    const job = await startClassify(ctx, { facet: 'motif', imageIds: ids }, { batchSize: 2 });
    const started = mark(workers);
    await doneSince(workers[0], started[0]);
    await redis.restart();
    const after = mark(workers);
    const r = await job.done;
    expect(r).toMatchObject({ total: 24, classified: 24, failed: 0 });
    expect(predictionsPerImage(ctx, ids)).toEqual(ids.map(() => 1));
    expect(embeddingsOf(ctx, ids)).toBe(24);

    // Both reconnected, not only one: one-photo batches, more than one worker can hold at once, until each has taken one since the restart.
    const more = await addPhotos(8);
    expect(await (await startClassify(ctx, { facet: 'motif', imageIds: more.ids }, { batchSize: 1 })).done).toMatchObject({ classified: 8, failed: 0 });
    workers.forEach((w, i) => expect(jobsDone(w, after[i]), `worker ${i} after the restart`).toBeGreaterThan(0));
  }, 60_000);

  it('the server restarts mid-run (serve’s SIGTERM, then serve again): it stores what finished meanwhile, continues the run, nothing lost or doubled', async () => {
    const { side, workers, addPhotos, restartServer, log } = await stack();
    const { ids } = await addPhotos(48);
    const from = mark(workers);
    // serve's own batch size (8): the continued run's batches then have the ids of those still queued, and find them.
    const job = await startClassify(side().ctx, { facet: 'motif', imageIds: ids });
    void job.done.catch(() => {});
    // Restart while batches are held and queued: after the first result, long before the last.
    await expect.poll(() => jobsDone(workers[0], from[0]) + jobsDone(workers[1], from[1]), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    const restarted = await restartServer();
    expect(restarted.continued).toHaveLength(1);
    const [runId] = restarted.continued;
    await expect.poll(() => restarted.ctx.jobs.get(runId).state, { timeout: 30_000, interval: 100 }).toBe('done');

    expect(predictionsPerImage(restarted.ctx, ids)).toEqual(ids.map(() => 1));
    expect(embeddingsOf(restarted.ctx, ids)).toBe(48);
    expect(restarted.ctx.db.prepare("SELECT count(*) FROM jobs WHERE kind = 'classify' AND state = 'running'").pluck().get()).toBe(0);
    // The restart found batches still queued or held (reconcile's report), and continued the run.
    expect(log.join('\n')).toMatch(/Queue: \d+ result\(s\) finished while the server was away stored, [1-9]\d* job\(s\) still queued or running/);
    expect(log.join('\n')).toMatch(/continuing 1 interrupted classification run/);
    // While the server was away the workers waited for it with their jobs in hand: no photo failed for want of a server.
    for (const w of workers) expect(w.stdout().slice(from[workers.indexOf(w)])).not.toMatch(/\(0 photos/);
  }, 60_000);

  it('a batch for another engine version is refused by both workers, each saying why; it waits for a worker that can run it', async () => {
    const { workers, redis } = await stack();
    const mine = pipelineName(MOBILENET_V2.id);
    const foreign = pipelineName(MOBILENET_V2.id, '0.0.1');
    const q = new Queue(embedQueueName(foreign), { connection: queueConnection({ url: redis.url, env: {} }).options });
    try {
      await q.add('embed', { kind: 'embed', protocol: QUEUE_PROTOCOL, runId: 'r-foreign', pipeline: foreign, topModelId: null, items: [{ key: 1, file: { path: '/srv/x.jpg', ref: { kind: 'image', imageId: 1 } } }] });
      const esc = (t: string) => t.replace(/[.+]/g, '\\$&');
      // Each worker looks at the queues it does not listen on every 10 s.
      const said = new RegExp(`not taking 1 job\\(s\\) waiting in ${esc(embedQueueName(foreign))}: this worker runs ${esc(mine)}, the jobs need ${esc(foreign)}`);
      await Promise.all(workers.map((w) => w.waitFor(said, 20_000)));
      expect(await q.getWaitingCount()).toBe(1);
    } finally {
      await q.obliterate({ force: true });
      await q.close();
    }
  }, 60_000);

  // Last: it kills one of the shared workers.
  it('kill -9 of a worker mid-run: its batch runs again on the other after the stall interval; nothing lost, nothing doubled', async () => {
    const { side, workers, addPhotos } = await stack();
    const [a, b] = workers;
    const { ctx } = side();
    const { ids } = await addPhotos(16);
    const from = mark(workers);
    const job = await startClassify(ctx, { facet: 'motif', imageIds: ids }, { batchSize: 3 });
    // Killed right after its first batch, while it holds its second.
    await doneSince(a, from[0]);
    a.child.kill('SIGKILL');
    const r = await job.done;

    expect(r).toMatchObject({ total: 16, classified: 16, failed: 0 });
    expect(predictionsPerImage(ctx, ids)).toEqual(ids.map(() => 1)); // none lost, none doubled
    expect(embeddingsOf(ctx, ids)).toBe(16);
    // Results came from both workers: the killed one's first batch, and everything else from the survivor.
    expect(jobsDone(a, from[0])).toBeGreaterThan(0);
    expect(jobsDone(b, from[1])).toBeGreaterThan(0);
  }, 60_000);
});
