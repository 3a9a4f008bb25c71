import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { MOBILENET_V2 } from '../../../electron/core/classify/backbones/definitions.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { queueConnection } from '../../../electron/core/queue/connection.js';
import { RemoteCompute } from '../../../electron/core/queue/remote.js';
import { startServer } from '../../../electron/server/http.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { hasRedis, NO_REDIS_REASON, startRedis } from '../../helpers/redis.js';
import { onCleanup, tempDir } from '../../helpers/temp.js';
import { startWorkerProcess } from '../../helpers/worker-process.js';

const WORKER_PW = 'worker-pass-123';
const IMAGES = 24;
const STALL_MS = 1000;

/**
 * The whole stack: a team catalogue served with a queue (in this process, as
 * `canting serve --queue` wires it), redis-server, and two `canting worker` processes signed in with a worker
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
    onCleanup(() => closeAppContext(ctx));
    for (const [name, input] of [
      ['team.enable', { username: 'admin', password: 'admin-pass-123' }],
      ['users.add', { username: 'w1', role: 'worker', password: WORKER_PW }],
    ] as const) {
      const r = await dispatch(name, input, ctx);
      if (!r.ok) throw new Error(r.error.message);
    }
    const ids = await insertImages(ctx.db, photos, rel);
    // The server in this process (as `canting serve --queue` wires it); the workers are real processes.
    const remote = new RemoteCompute(queueConnection({ url: redis.url, env: {} }).options, { pollMs: 200 });
    onCleanup(() => remote.close());
    ctx.remote = remote;
    const server = await startServer({ ctx, rendererDir: tempDir() });
    onCleanup(() => server.close());
    const url = new URL(server.url).origin;
    const worker = () => startWorkerProcess({ queue: redis.url, server: url, username: 'w1', password: WORKER_PW, pipelines: [MOBILENET_V2.id], concurrency: 1, stallMs: STALL_MS });
    const [a, b] = [worker(), worker()];
    await Promise.all([a.waitFor(/ready: taking jobs/), b.waitFor(/ready: taking jobs/)]);

    const job = await startClassify(ctx, { facet: 'motif' }, { batchSize: 3 });
    await a.waitFor(/done 1: job/, 90_000);
    a.child.kill('SIGKILL');
    const r = await job.done;

    expect(r).toMatchObject({ total: IMAGES, classified: IMAGES, failed: 0 });
    expect(b.stdout()).toMatch(/done \d+: job/);
    const perImage = ctx.db.prepare('SELECT count(*) FROM predictions GROUP BY image_id ORDER BY image_id').pluck().all();
    expect(perImage).toEqual(ids.map(() => 1)); // none lost, none doubled
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(IMAGES);
    // Results came from both workers: the killed one's first batch, and everything else from the survivor.
    expect(remote.photosByWorker.size).toBe(2);
  }, 200_000);
});
