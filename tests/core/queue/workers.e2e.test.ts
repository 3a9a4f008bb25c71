import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startQueueService } from '../../../electron/cli/queue-serve.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { MOBILENET_V2 } from '../../../electron/core/classify/backbones/definitions.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import type { RemoteCompute } from '../../../electron/core/queue/remote.js';
import { startServer } from '../../../electron/server/http.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { hasRedis, NO_REDIS_REASON, startRedis } from '../../helpers/redis.js';
import { onCleanup, tempDir } from '../../helpers/temp.js';
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
  /** What serve's SIGTERM does: stop listening, close the queue (batches stay in Redis), close the catalogue. */
  stop(): Promise<void>;
}

/**
 * The whole stack: a team catalogue of `images` small photos served with a
 * queue (in this process, through the same startQueueService as `canting
 * serve --queue`), redis-server, and two `canting worker` processes signed in
 * with a worker account, fetching photos over the API. `restartServer`
 * closes the server side and opens the catalogue again on the same port.
 */
async function startStack(images: number) {
  const redis = await startRedis();
  const dir = tempDir();
  const db = path.join(dir, 'catalogue.sqlite');
  const photos = path.join(dir, 'photos');
  const rel: string[] = [];
  for (let i = 0; i < images; i++) {
    await writeJpeg(path.join(photos, `img_${i}.jpg`), 700 + i, 32);
    rel.push(`img_${i}.jpg`);
  }
  const first = await createAppContext(db);
  for (const [name, input] of [
    ['team.enable', { username: 'admin', password: 'admin-pass-123' }],
    ['users.add', { username: 'w1', role: 'worker', password: WORKER_PW }],
  ] as const) {
    const r = await dispatch(name, input, first);
    if (!r.ok) throw new Error(r.error.message);
  }
  const ids = await insertImages(first.db, photos, rel);
  const log: string[] = [];

  const serve = async (ctx: AppContext, port?: number): Promise<ServerSide> => {
    const queue = await startQueueService(ctx, { queue: redis.url, queueStall: STALL_MS }, (line) => log.push(line));
    const server = await startServer({ ctx, rendererDir: tempDir(), port });
    const continued = await queue.continueRuns();
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await server.close();
      await queue.close();
      await closeAppContext(ctx);
    };
    onCleanup(stop);
    return { ctx, remote: queue.remote, url: new URL(server.url).origin, continued, stop };
  };

  let side = await serve(first);
  const port = Number(new URL(side.url).port);
  const worker = () => startWorkerProcess({ queue: redis.url, server: side.url, username: 'w1', password: WORKER_PW, pipelines: [MOBILENET_V2.id], concurrency: 1, stallMs: STALL_MS });
  const workers = [worker(), worker()] as const;
  await Promise.all(workers.map((w) => w.waitFor(/ready: taking jobs/)));
  return {
    redis,
    ids,
    photos,
    workers,
    log,
    side: () => side,
    async restartServer(): Promise<ServerSide> {
      await side.stop();
      side = await serve(await createAppContext(db), port);
      return side;
    },
  };
}

function predictionsPerImage(ctx: AppContext): number[] {
  return ctx.db.prepare('SELECT count(*) FROM predictions GROUP BY image_id ORDER BY image_id').pluck().all() as number[];
}

/** Jobs a worker process has finished, from its `done N` lines. */
function jobsDone(w: CliProcess, from = 0): number {
  return [...w.stdout().slice(from).matchAll(/done \d+: job/g)].length;
}

describe.skipIf(!hasRedis)(`server and two worker processes (${hasRedis ? 'redis-server present' : NO_REDIS_REASON})`, () => {
  it('kill -9 of a worker mid-run: its batch runs again on the other after the stall interval; nothing lost, nothing doubled', async () => {
    const { ids, workers: [a, b], side } = await startStack(16);
    const { ctx, remote } = side();
    const job = await startClassify(ctx, { facet: 'motif' }, { batchSize: 3 });
    // Killed right after its first batch, while it holds its second.
    await a.waitFor(/done 1: job/, 60_000);
    a.child.kill('SIGKILL');
    const r = await job.done;

    expect(r).toMatchObject({ total: 16, classified: 16, failed: 0 });
    expect(jobsDone(b)).toBeGreaterThan(0);
    expect(predictionsPerImage(ctx)).toEqual(ids.map(() => 1)); // none lost, none doubled
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(16);
    // Results came from both workers: the killed one's first batch, and everything else from the survivor.
    expect(remote.photosByWorker.size).toBe(2);
  }, 60_000);

  it('Redis restarts mid-run: queued batches survive, server and both workers reconnect by themselves and go on taking jobs', async () => {
    const { ids, workers, side, redis } = await startStack(24);
    const { ctx } = side();
    const job = await startClassify(ctx, { facet: 'motif' }, { batchSize: 2 });
    await Promise.all(workers.map((w) => w.waitFor(/done 1: job/, 60_000)));
    const before = workers.map((w) => w.stdout().length);
    await redis.restart();
    const r = await job.done;

    expect(r).toMatchObject({ total: 24, classified: 24, failed: 0 });
    expect(predictionsPerImage(ctx)).toEqual(ids.map(() => 1));
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(24);
    // Each worker took jobs after the restart: both reconnected, not only one.
    workers.forEach((w, i) => expect(jobsDone(w, before[i]), `worker ${i}`).toBeGreaterThan(0));
  }, 60_000);

  it('the server restarts mid-run (serve’s SIGTERM, then serve again): it stores what finished meanwhile, continues the run, nothing lost or doubled', async () => {
    const { ids, workers, side, restartServer, log } = await startStack(40);
    const { ctx } = side();
    // serve's own batch size (8): the continued run's batches then have the ids of those still queued, and find them.
    const job = await startClassify(ctx, { facet: 'motif' });
    void job.done.catch(() => {});
    // Restart while batches are held and queued: after the first results, before the last.
    await Promise.all(workers.map((w) => w.waitFor(/done 1: job/, 60_000)));
    const restarted = await restartServer();
    expect(restarted.continued).toHaveLength(1);
    const [runId] = restarted.continued;
    await expect.poll(() => restarted.ctx.jobs.get(runId).state, { timeout: 30_000, interval: 200 }).toBe('done');

    expect(predictionsPerImage(restarted.ctx)).toEqual(ids.map(() => 1));
    expect(countEmbeddings(restarted.ctx.db, BACKBONE_ID)).toBe(40);
    expect(restarted.ctx.jobs.get(runId)).toMatchObject({ state: 'done' });
    expect(restarted.ctx.db.prepare("SELECT count(*) FROM jobs WHERE kind = 'classify' AND state = 'running'").pluck().get()).toBe(0);
    expect(log.join('\n')).toMatch(/continuing 1 interrupted classification run/);
    // While the server was away the workers waited for it with their jobs in hand: no photo of theirs failed for want of a server.
    for (const w of workers) expect(w.stdout()).not.toMatch(/\(0 photos/);
  }, 60_000);

  it('photos whose file is damaged (not an image, a truncated JPEG) fail with their reason, a bounded number of tries; the others succeed', async () => {
    const { ids, workers, side, photos } = await startStack(10);
    const { ctx } = side();
    // The catalogue knew them as good photos; their files were damaged since (bit rot, an interrupted copy).
    fs.writeFileSync(path.join(photos, 'img_3.jpg'), 'this is not a photo');
    const good = fs.readFileSync(path.join(photos, 'img_7.jpg'));
    fs.writeFileSync(path.join(photos, 'img_7.jpg'), good.subarray(0, Math.floor(good.length / 2)));
    const r = await (await startClassify(ctx, { facet: 'motif' }, { batchSize: 4 })).done;

    expect(r).toMatchObject({ total: 10, classified: 8, failed: 2 });
    expect(r.errors.map((e) => e.imageId).sort((x, y) => x - y)).toEqual([ids[3], ids[7]]);
    for (const e of r.errors) expect(e.message).toMatch(/unsupported image format|premature end|truncated|corrupt/i);
    const predicted = ctx.db.prepare('SELECT image_id FROM predictions ORDER BY image_id').pluck().all();
    expect(predicted).toEqual(ids.filter((_, i) => i !== 3 && i !== 7));
    // A damaged file is the photo's own failure, not the batch's: 3 batches, each run once.
    expect(jobsDone(workers[0]) + jobsDone(workers[1])).toBe(3);
  }, 60_000);
});
