import fs from 'node:fs/promises';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { BACKBONE_ID } from '../../core/classify/backbone-info.js';
import type { QueueRedisOptions } from '../../core/queue/connection.js';
import { engineCache, type EmbedDeps } from '../../core/queue/execute.js';
import { pipelineName } from '../../core/queue/pipeline.js';
import { startQueueWorker } from '../../core/queue/worker.js';

/**
 * The benchmark's queue worker (`npm run bench:distributed`), also the tests'
 * stand-in for `canting worker`: the same queue loop (core/queue/worker.ts),
 * reading photos from the server's own paths (one machine, so shared
 * storage), with no account or heartbeat. In-process (tests pass a fake
 * engine), or as a child process: `node distributed-worker.js PORT [stallMs]`
 * prints "ready" once its engine is loaded and "job" for each job it takes.
 */
export interface StandInOptions {
  connection: QueueRedisOptions;
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

export async function startStandInWorker(opts: StandInOptions): Promise<{ close(): Promise<void>; warm(): Promise<unknown> }> {
  const cache = opts.engine ? null : engineCache({ threads: 1 });
  const engine = opts.engine ?? cache!.engine;
  const worker = await startQueueWorker({
    connection: opts.connection,
    name: opts.name ?? `${os.hostname()}:${process.pid}`,
    pipelines: opts.pipelines ?? [pipelineName(BACKBONE_ID)],
    analyse: true,
    concurrency: opts.concurrency ?? 1,
    readFile: (f) => fs.readFile(f.path),
    engine,
    lockMs: opts.stallMs,
    log: () => {}, // reconnects by itself while Redis restarts; the bench prints one JSON line
    onJob: opts.onJob,
  });
  return {
    warm: () => engine(pipelineName(BACKBONE_ID), null),
    close: async () => {
      await worker.close();
      await cache?.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.argv[2]);
  const stallMs = Number(process.argv[3] ?? 1000);
  // Each job taken is announced; the engine is loaded before saying ready, so the bench's clock measures work, not start-up.
  const w = await startStandInWorker({ connection: { host: '127.0.0.1', port, maxRetriesPerRequest: null }, stallMs, concurrency: 1, onJob: () => process.stdout.write('job\n') });
  await w.warm();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void w.close().then(() => process.exit(0)));
}
