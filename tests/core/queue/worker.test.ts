import { describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { ANALYSE_QUEUE, QUEUE_PROTOCOL, embedQueueName, type EmbedJobData, type QueueFile } from '../../../electron/common/queue-protocol.js';
import { queueConnection } from '../../../electron/core/queue/connection.js';
import { decodeVectors, type EmbedEngine } from '../../../electron/core/queue/execute.js';
import { startQueueWorker } from '../../../electron/core/queue/worker.js';
import { hasRedis, startRedis } from '../../helpers/redis.js';
import { onCleanup } from '../../helpers/temp.js';
import sharp from 'sharp';

const MINE = 'mobilenet_test@tfjs-4.22.0';
const OTHER = 'mobilenet_test@tfjs-4.21.0';

/** An engine whose vector is each file's first byte and length: enough to see which bytes it was given. */
function fakeEngine(calls: number[][]): EmbedEngine {
  return {
    dim: 2,
    embedFiles: async (items) => {
      calls.push(items.map((i) => i.key));
      return { vectors: new Map(items.map((i) => [i.key, new Float32Array([i.bytes![0], i.bytes!.length])])), errors: [] };
    },
  };
}

const file = (imageId: number): QueueFile => ({ path: `/srv/arsip/${imageId}.jpg`, ref: { kind: 'image', imageId } });
const embedJob = (pipeline: string, ids: number[]): EmbedJobData => ({
  kind: 'embed',
  protocol: QUEUE_PROTOCOL,
  runId: 'run-1',
  pipeline,
  topModelId: null,
  items: ids.map((id) => ({ key: id, file: file(id) })),
});

describe.skipIf(!hasRedis)('canting worker: taking jobs from the queue', () => {
  it('runs an embedding job of its pipeline with bytes from readFile, and refuses one whose data names another pipeline', async () => {
    const redis = await startRedis();
    const connection = queueConnection({ url: redis.url, env: {} }).options;
    const calls: number[][] = [];
    const log: string[] = [];
    const runningDuringJobs: number[] = [];
    const worker = await startQueueWorker({
      connection,
      name: 'test-host:1',
      pipelines: [MINE],
      analyse: false,
      concurrency: 1,
      readFile: async (f) => (f.ref.kind === 'image' && f.ref.imageId === 3 ? Promise.reject(Object.assign(new Error('gone'), { code: 'ENOENT' })) : Buffer.from([f.ref.kind === 'image' ? f.ref.imageId : 0, 1, 2])),
      engine: async () => fakeEngine(calls),
      log: (l) => log.push(l),
      // while a job's work runs, the worker counts it as running (the heartbeat's busy or idle)
      onJob: () => runningDuringJobs.push(worker.totals().running),
    });
    onCleanup(() => worker.close());
    const queue = new Queue(embedQueueName(MINE), { connection });
    const events = new QueueEvents(embedQueueName(MINE), { connection });
    onCleanup(async () => {
      await queue.close();
      await events.close();
    });
    await events.waitUntilReady();

    const done = await queue.add('embed', embedJob(MINE, [1, 2, 3]));
    const result = await done.waitUntilFinished(events, 10_000);
    expect(result).toMatchObject({ worker: 'test-host:1', pipeline: MINE, dim: 2, keys: [1, 2] });
    expect(Array.from(decodeVectors(result.vectors))).toEqual([1, 3, 2, 3]);
    expect(result.errors).toEqual([{ key: 3, message: expect.stringMatching(/./) }]);

    // Put on this worker's queue but asking for another pipeline's vectors: refused with the reason, nothing computed.
    const forged = await queue.add('embed', embedJob(OTHER, [4]));
    await expect(forged.waitUntilFinished(events, 10_000)).rejects.toThrow(`this worker runs ${MINE}, the job needs ${OTHER}`);
    expect(calls).toEqual([[1, 2]]);
    // Not retried: the failure is final, whatever attempts the job allowed.
    const malformed = await queue.add('embed', { kind: 'embed', pipeline: MINE }, { attempts: 3 });
    await expect(malformed.waitUntilFinished(events, 10_000)).rejects.toThrow(/not an embedding job of queue protocol 1/);
    expect((await queue.getJob(malformed.id!))?.attemptsMade).toBe(1);
    expect(worker.totals()).toMatchObject({ jobsDone: 1, imagesDone: 2, jobsFailed: 2, running: 0 });
    expect(runningDuringJobs).toEqual([1, 1, 1]);
  });

  it('leaves jobs of a pipeline it does not run waiting, and says why', async () => {
    const redis = await startRedis();
    const connection = queueConnection({ url: redis.url, env: {} }).options;
    const other = new Queue(embedQueueName(OTHER), { connection });
    onCleanup(() => other.close());
    await other.add('embed', embedJob(OTHER, [1]));
    await other.add('embed', embedJob(OTHER, [2]));
    const log: string[] = [];
    const worker = await startQueueWorker({
      connection,
      name: 'test-host:2',
      pipelines: [MINE],
      analyse: false,
      concurrency: 1,
      readFile: async () => Buffer.from([0]),
      engine: async () => fakeEngine([]),
      log: (l) => log.push(l),
    });
    onCleanup(() => worker.close());
    expect(worker.refusals()).toEqual([{ queue: embedQueueName(OTHER), waiting: 2, reason: `this worker runs ${MINE}, the jobs need ${OTHER}` }]);
    expect(log).toEqual([`not taking 2 job(s) waiting in ${embedQueueName(OTHER)}: this worker runs ${MINE}, the jobs need ${OTHER}`]);
    expect(await other.getWaitingCount()).toBe(2);
  });

  it('analyses an import file: format, size and a thumbnail, as the importer would', async () => {
    const redis = await startRedis();
    const connection = queueConnection({ url: redis.url, env: {} }).options;
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 120, g: 60, b: 20 } } }).jpeg().toBuffer();
    const worker = await startQueueWorker({
      connection,
      name: 'test-host:3',
      pipelines: [],
      analyse: true,
      concurrency: 1,
      readFile: async () => jpeg,
      engine: async () => fakeEngine([]),
      log: () => undefined,
    });
    onCleanup(() => worker.close());
    const queue = new Queue(ANALYSE_QUEUE, { connection });
    const events = new QueueEvents(ANALYSE_QUEUE, { connection });
    onCleanup(async () => {
      await queue.close();
      await events.close();
    });
    await events.waitUntilReady();
    const job = await queue.add('analyse', {
      kind: 'analyse',
      protocol: QUEUE_PROTOCOL,
      runId: 'import-1',
      items: [{ key: 9, file: { path: '/srv/a.jpg', ref: { kind: 'importFile', importJobId: 1, fileId: 9 } }, known: null, maxPixels: 100_000_000 }],
    });
    const result = await job.waitUntilFinished(events, 20_000);
    expect(result.worker).toBe('test-host:3');
    expect(result.results).toMatchObject([{ key: 9, kind: 'image', width: 40, height: 30 }]);
  });
});
