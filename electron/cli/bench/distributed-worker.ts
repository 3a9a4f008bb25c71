import fs from 'node:fs/promises';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, type RedisOptions } from 'bullmq';
import { ANALYSE_QUEUE, AnalyseJobData, EmbedJobData, embedQueueName } from '../../common/queue-protocol.js';
import { BACKBONE_ID } from '../../core/classify/backbone-info.js';
import { pipelineName } from '../../core/queue/pipeline.js';
import { engineCache, executeAnalyseJob, executeEmbedJob, type EmbedDeps } from '../../core/queue/execute.js';

/**
 * The benchmark's queue worker (`npm run bench:distributed`), also the tests'
 * stand-in for `canting worker`: BullMQ workers on the embed and analyse
 * queues running execute.ts, reading photos from the server's own paths
 * (one machine, so shared storage), with no account or heartbeat. In-process
 * (tests pass a fake engine), or as a child process:
 * `node distributed-worker.js PORT [stallMs]` prints "ready" once its engine
 * is loaded and "job" for each job it takes.
 */
export interface StandInOptions {
  connection: RedisOptions;
  /** Default: a real engine pool of one thread per pipeline. */
  engine?: EmbedDeps['engine'];
  name?: string;
  concurrency?: number;
  /** Lock and stall-check interval (BullMQ's default 30 s; tests use ~1 s). */
  stallMs?: number;
  pipelines?: string[];
  /** Sees every job's data as it arrives (tests: what travels on the queue). */
  onJob?: (data: unknown) => void;
}

export function startStandInWorker(opts: StandInOptions): { close(): Promise<void>; ready: Promise<void>; warm(): Promise<unknown> } {
  const name = opts.name ?? `${os.hostname()}:${process.pid}`;
  const cache = opts.engine ? null : engineCache({ threads: 1 });
  const deps = { worker: name, readFile: (f: { path: string }) => fs.readFile(f.path), engine: opts.engine ?? cache!.engine };
  const common = {
    connection: opts.connection,
    concurrency: opts.concurrency ?? 1,
    name,
    ...(opts.stallMs ? { lockDuration: opts.stallMs, stalledInterval: opts.stallMs, maxStalledCount: 1 } : {}),
  };
  const workers = [
    new Worker(ANALYSE_QUEUE, async (job) => (opts.onJob?.(job.data), executeAnalyseJob(AnalyseJobData.parse(job.data), deps)), common),
    ...(opts.pipelines ?? [pipelineName(BACKBONE_ID)]).map((p) => new Worker(embedQueueName(p), async (job) => (opts.onJob?.(job.data), executeEmbedJob(EmbedJobData.parse(job.data), deps)), common)),
  ];
  for (const w of workers) w.on('error', () => {}); // reconnects by itself while Redis restarts
  return {
    ready: Promise.all(workers.map((w) => w.waitUntilReady())).then(() => {}),
    warm: () => deps.engine(pipelineName(BACKBONE_ID), null),
    close: async () => {
      await Promise.allSettled(workers.map((w) => w.close()));
      await cache?.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.argv[2]);
  const stallMs = Number(process.argv[3] ?? 1000);
  // Each job taken is announced (the e2e test kills a worker mid-batch).
  const w = startStandInWorker({ connection: { host: '127.0.0.1', port, maxRetriesPerRequest: null }, stallMs, concurrency: 1, onJob: () => process.stdout.write('job\n') });
  // Load the engine before saying ready, so the test's timing measures work, not start-up.
  void Promise.all([w.ready, w.warm()]).then(() => process.stdout.write('ready\n'));
  process.once('SIGTERM', () => void w.close().then(() => process.exit(0)));
}
