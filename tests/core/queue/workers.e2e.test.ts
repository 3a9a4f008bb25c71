import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { RemoteCompute } from '../../../electron/core/queue/remote.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { hasRedis, NO_REDIS_REASON, startRedis } from '../../helpers/redis.js';
import { onCleanup, tempContext, tempDir } from '../../helpers/temp.js';

const WORKER = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../electron/cli/bench/distributed-worker.ts');
const STALL_MS = 1000;

/** A worker process (real MobileNetV2 engine, one thread); resolves once its engine is loaded. */
function startWorker(port: number): Promise<{ child: ChildProcess; jobs: () => number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, String(port), String(STALL_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let taken = 0;
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      taken = out.split('\n').filter((l) => l === 'job').length;
      if (out.includes('ready\n')) resolve({ child, jobs: () => taken });
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

describe.skipIf(!hasRedis)(`server and two worker processes (${hasRedis ? 'redis-server present' : NO_REDIS_REASON})`, () => {
  it('kill -9 of a worker mid-batch: its batch runs again on the other after the stall interval; nothing lost, nothing doubled', async () => {
    const redis = await startRedis();
    const ctx = await tempContext();
    const root = tempDir();
    const rel: string[] = [];
    for (let i = 0; i < 24; i++) {
      await writeJpeg(path.join(root, `img_${i}.jpg`), 700 + i, 48);
      rel.push(`img_${i}.jpg`);
    }
    const ids = await insertImages(ctx.db, root, rel);
    const remote = new RemoteCompute({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null }, { pollMs: 200, inFlight: 4 });
    onCleanup(() => remote.close());
    ctx.remote = remote;
    const [a, b] = await Promise.all([startWorker(redis.port), startWorker(redis.port)]);

    const job = await startClassify(ctx, { facet: 'motif' }, { batchSize: 3 });
    // Worker a has finished one batch and is inside its second: kill it there.
    await expect.poll(() => a.jobs(), { timeout: 60_000, interval: 10 }).toBeGreaterThanOrEqual(2);
    a.child.kill('SIGKILL');
    const r = await job.done;

    expect(r).toMatchObject({ total: 24, classified: 24, failed: 0 });
    const perImage = ctx.db.prepare('SELECT count(*) FROM predictions GROUP BY image_id ORDER BY image_id').pluck().all();
    expect(perImage).toEqual(ids.map(() => 1)); // none lost, none doubled
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(24);
    expect(b.jobs()).toBeGreaterThan(0);
    // Both workers returned results, the survivor the killed one's batch too.
    expect([...remote.photosByWorker.values()].reduce((x, y) => x + y, 0)).toBe(24);
  }, 120_000);
});
