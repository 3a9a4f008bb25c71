import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSE_QUEUE, embedQueueName } from '../../../electron/common/queue-protocol.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import type { EngineFile } from '../../../electron/core/classify/engine-protocol.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { startImport } from '../../../electron/core/importer/job.js';
import type { EmbedEngine } from '../../../electron/core/queue/execute.js';
import { batchJobId } from '../../../electron/core/queue/producer.js';
import { pipelineName } from '../../../electron/core/queue/pipeline.js';
import { continueClassifyRuns, reconcileQueue } from '../../../electron/core/queue/reconcile.js';
import { RemoteCompute } from '../../../electron/core/queue/remote.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { startStandInWorker } from '../../../electron/cli/bench/distributed-worker.js';
import type { QueueRedisOptions } from '../../../electron/core/queue/connection.js';
import { hasRedis, NO_REDIS_REASON, startRedis, type TestRedis } from '../../helpers/redis.js';
import { onCleanup, tempContext, tempDir } from '../../helpers/temp.js';

/**
 * The server side of the job queue against a real redis-server, with
 * in-process stand-in workers and a fake engine (deterministic vectors, no
 * TensorFlow.js) so each test takes about a second; the bundled motif head
 * turns the vectors into real predictions. workers.e2e.test.ts runs the real
 * engine in worker processes.
 */

const PIPELINE = pipelineName(BACKBONE_ID);

/** A fake engine that records what it was asked, and can refuse a photo (a crash of the engine: the whole batch fails). */
function fakeEngine(opts: { poison?: number; delayMs?: number } = {}) {
  const calls: number[][] = [];
  const engine: EmbedEngine = {
    dim: EMBEDDING_DIM,
    async embedFiles(items: EngineFile[]) {
      calls.push(items.map((i) => i.key));
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.poison !== undefined && items.some((i) => i.key === opts.poison)) throw new Error('engine crashed: out of memory in the decoder');
      const vectors = new Map(items.map((i) => [i.key, new Float32Array(EMBEDDING_DIM).fill((i.key % 7) / 7)]));
      return { vectors, errors: [] };
    },
  };
  return { calls, engine: async () => engine };
}

async function setup(n: number, opts: { password?: string } = {}) {
  const redis = await startRedis(opts);
  const connection = { host: '127.0.0.1', port: redis.port, password: opts.password, maxRetriesPerRequest: null };
  const ctx = await tempContext();
  const root = tempDir();
  const rel: string[] = [];
  for (let i = 0; i < n; i++) {
    await writeJpeg(path.join(root, `img_${i}.jpg`), 300 + i, 32);
    rel.push(`img_${i}.jpg`);
  }
  const ids = n ? await insertImages(ctx.db, root, rel) : [];
  const remote = new RemoteCompute(connection, { pollMs: 100 });
  onCleanup(() => remote.close());
  ctx.remote = remote;
  return { redis, connection, ctx, root, ids, remote };
}

async function worker(connection: QueueRedisOptions, engine: ReturnType<typeof fakeEngine>['engine'], name = 'test-host:1') {
  const w = await startStandInWorker({ connection, engine, name });
  onCleanup(() => w.close());
  return w;
}

function predictionsPerImage(db: import('better-sqlite3').Database): number[] {
  return db.prepare('SELECT count(*) FROM predictions GROUP BY image_id ORDER BY image_id').pluck().all() as number[];
}

describe.skipIf(!hasRedis)(`job queue, server side (${hasRedis ? 'redis-server present' : NO_REDIS_REASON})`, () => {
  it('names a batch by what it computes, whatever the order of its photos', () => {
    expect(batchJobId('embed', 'p', [3, 1, 2])).toBe(batchJobId('embed', 'p', [1, 2, 3]));
    expect(batchJobId('embed', 'p', [1, 2, 3])).not.toBe(batchJobId('embed', 'p', [1, 2, 4]));
    expect(batchJobId('embed', 'p', [1])).not.toBe(batchJobId('embed', 'q', [1]));
    expect(batchJobId('embed', 'p', [1])).not.toContain(':'); // BullMQ refuses ':' in custom ids
  });

  it('queues a batch added twice once, and both callers get its one result', async () => {
    const { connection, ctx, ids, root, remote } = await setup(3);
    const ac = new AbortController();
    const embedder = remote.embedder({ runId: 'run-1', pipeline: BACKBONE_ID, topModelId: null, backboneId: BACKBONE_ID, dim: EMBEDDING_DIM, signal: ac.signal });
    const items = ids.map((key, i) => ({ key, path: path.join(root, `img_${i}.jpg`) }));
    const first = embedder.embedFiles(items);
    const again = embedder.embedFiles([...items].reverse()); // e.g. re-added after a restart
    const q = remote.producer.queue(embedQueueName(PIPELINE));
    await expect.poll(() => q.getJobCountByTypes('waiting')).toBe(1);
    const fake = fakeEngine();
    await worker(connection, fake.engine);
    const [a, b] = await Promise.all([first, again]);
    expect([...a.vectors.keys()].sort()).toEqual(ids);
    expect([...b.vectors.keys()].sort()).toEqual(ids);
    expect(fake.calls).toHaveLength(1); // computed once
    expect(await q.getJobCountByTypes('completed', 'waiting', 'failed')).toBe(0); // read, then removed
    expect(ctx.db.open).toBe(true);
  });

  it('classifies through the queue: one prediction and one embedding per image', async () => {
    const { connection, ctx, ids } = await setup(10);
    await worker(connection, fakeEngine().engine);
    const r = await (await startClassify(ctx, { facet: 'motif' }, { batchSize: 4 })).done;
    expect(r).toMatchObject({ total: 10, classified: 10, failed: 0 });
    expect(r.backend).toMatch(/queue/);
    expect(predictionsPerImage(ctx.db)).toEqual(ids.map(() => 1));
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(10);
  });

  it('a photo that crashes the engine fails alone, with its reason, after a bounded number of tries', async () => {
    const { connection, ctx, ids } = await setup(8);
    const poison = ids[5];
    const fake = fakeEngine({ poison });
    await worker(connection, fake.engine);
    const r = await (await startClassify(ctx, { facet: 'motif' }, { batchSize: 8 })).done;
    expect(r).toMatchObject({ total: 8, classified: 7, failed: 1 });
    expect(r.errors).toEqual([expect.objectContaining({ imageId: poison, message: expect.stringMatching(/3 times.*engine crashed: out of memory/) })]);
    // 8 → 4 → 2 → 1 (split on each failure), then 3 tries alone: 6 tries in all, not forever.
    const tries = fake.calls.filter((c) => c.includes(poison)).length;
    expect(tries).toBe(6);
    expect(predictionsPerImage(ctx.db)).toHaveLength(7);
  });

  it('after a server restart, stores what workers finished meanwhile and continues the cut-off run', async () => {
    const { connection, ctx, ids, root } = await setup(12);
    // The server that died had queued a batch of the first 8 images (and never read its result); its run's row says running.
    const dead = new RemoteCompute(connection, { pollMs: 100 });
    onCleanup(() => dead.close());
    const q = dead.producer.queue(embedQueueName(PIPELINE));
    const first8 = ids.slice(0, 8).map((key) => ({ key, file: { path: path.join(root, `img_${ids.indexOf(key)}.jpg`), ref: { kind: 'image' as const, imageId: key } } }));
    await q.add('embed', { kind: 'embed', protocol: 1, runId: 'dead-run', pipeline: PIPELINE, topModelId: null, items: first8 }, { jobId: batchJobId('embed', `${PIPELINE}#`, ids.slice(0, 8)) });
    ctx.db
      .prepare("INSERT INTO jobs (id, kind, state, params, started_at) VALUES ('dead-run', 'classify', 'running', ?, ?)")
      .run(JSON.stringify({ facet: 'motif' }), new Date().toISOString());
    const fake = fakeEngine();
    await worker(connection, fake.engine);
    await expect.poll(() => q.getJobCountByTypes('completed')).toBe(1);

    // The restarted server:
    const report = await reconcileQueue(ctx.db, ctx.remote!.producer);
    expect(report).toEqual({ stored: 8, dropped: 0, pending: 0 });
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(8);
    const [runId] = await continueClassifyRuns(ctx);
    expect(runId).toBeTruthy();
    await expect.poll(() => ctx.jobs.get(runId).state, { timeout: 20_000 }).toBe('done');
    expect(predictionsPerImage(ctx.db)).toEqual(ids.map(() => 1));
    // The 8 stored from the queue were not computed again.
    expect(fake.calls.flat().sort((a, b) => a - b)).toEqual(ids);
    expect(ctx.db.prepare("SELECT state FROM jobs WHERE id = 'dead-run'").pluck().get()).toBe('interrupted');
  });

  it('after a server restart, stores import analyses finished meanwhile: nothing is left to analyse again', async () => {
    const { connection, ctx } = await setup(0);
    const folder = tempDir();
    for (let i = 0; i < 3; i++) await writeJpeg(path.join(folder, `r${i}.jpg`), 900 + i, 40);
    const started = startImport(ctx, [folder]);
    const q = ctx.remote!.producer.queue(ANALYSE_QUEUE);
    await expect.poll(() => q.getJobCountByTypes('waiting')).toBe(1);
    await ctx.remote!.close(); // the server goes away; its batch stays queued
    await started.done.catch(() => {});
    await worker(connection, fakeEngine().engine);
    const restarted = new RemoteCompute(connection, { pollMs: 100 });
    onCleanup(() => restarted.close());
    await expect.poll(() => restarted.producer.queue(ANALYSE_QUEUE).getJobCountByTypes('completed')).toBe(1);
    expect(await reconcileQueue(ctx.db, restarted.producer)).toEqual({ stored: 3, dropped: 0, pending: 0 });
    expect(ctx.db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(3);
    expect(ctx.db.prepare("SELECT count(*) FROM import_files WHERE state = 'imported'").pluck().get()).toBe(3);
    expect(ctx.db.prepare("SELECT count(*) FROM import_files WHERE state = 'pending'").pluck().get()).toBe(0);
  });

  it('Stop withdraws the batches no worker has taken; Continue classifies the rest', async () => {
    const { connection, ctx, ids } = await setup(10);
    const job = await startClassify(ctx, { facet: 'motif' }, { batchSize: 2 });
    const q = ctx.remote!.producer.queue(embedQueueName(PIPELINE));
    await expect.poll(() => q.getJobCountByTypes('waiting')).toBe(5); // no worker yet
    ctx.jobs.cancel(job.id);
    await job.done.catch(() => {});
    expect(ctx.jobs.get(job.id).state).toBe('cancelled');
    await expect.poll(() => q.getJobCountByTypes('waiting', 'active', 'delayed')).toBe(0);
    const fake = fakeEngine();
    await worker(connection, fake.engine);
    const r = await (await startClassify(ctx, { facet: 'motif', onlyUnpredicted: true }, { batchSize: 2 })).done;
    expect(r).toMatchObject({ classified: 10 });
    expect(predictionsPerImage(ctx.db)).toEqual(ids.map(() => 1));
  });

  it('survives a Redis restart mid-run: jobs persist, server and worker reconnect by themselves', async () => {
    const { connection, ctx, ids, redis } = await setup(12);
    const fake = fakeEngine({ delayMs: 150 });
    await worker(connection, fake.engine);
    const job = await startClassify(ctx, { facet: 'motif' }, { batchSize: 2 });
    await expect.poll(() => fake.calls.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await (redis as TestRedis).restart();
    const r = await job.done;
    expect(r).toMatchObject({ total: 12, classified: 12, failed: 0 });
    expect(predictionsPerImage(ctx.db)).toEqual(ids.map(() => 1));
  }, 30_000);

  it('imports through the queue; job data carries no credential', async () => {
    const password = 'queue-secret-Xy7';
    const { connection, ctx } = await setup(0, { password });
    const folder = tempDir();
    for (let i = 0; i < 5; i++) await writeJpeg(path.join(folder, `p${i}.jpg`), 500 + i, 40);
    fs.writeFileSync(path.join(folder, 'broken.jpg'), 'not a photo');
    const seen: string[] = [];
    const w = await startStandInWorker({ connection, engine: fakeEngine().engine, name: 'test-host:1', onJob: (data) => seen.push(JSON.stringify(data)) });
    onCleanup(() => w.close());
    const started = startImport(ctx, [folder]);
    const summary = await started.done;
    expect(summary).toMatchObject({ imported: 5, failed: 1 });
    expect(summary.errors[0]).toMatchObject({ path: expect.stringContaining('broken.jpg') });
    expect(ctx.db.prepare('SELECT count(*) FROM thumbnails').pluck().get()).toBe(5);

    expect(seen.length).toBeGreaterThan(0);
    const before = seen.length;
    const again = startImport(ctx, [folder]); // a second run: unchanged files are not queued at all, the broken one is tried again
    expect(await again.done).toMatchObject({ imported: 0, failed: 1 });
    const later = seen.slice(before).join('\n');
    expect(later).toContain('broken.jpg');
    expect(later).not.toMatch(/p\d\.jpg/);
    for (const data of seen) {
      expect(data).not.toContain(password);
      expect(data).not.toMatch(/token|password|secret/i);
    }
  });
});
