import type { RedisOptions } from 'ioredis';
import type { Embedder, EmbedderSource, EmbedSpec } from '../classify/embedder.js';
import type { Analyser, AnalyserSource } from '../importer/analyser.js';
import { QueueProducer } from './producer.js';
import { RemoteAnalyser } from './remote-analyser.js';
import { RemoteEmbedder } from './remote-embedder.js';

export interface RemoteComputeOptions {
  /** Files per analyse job (default 16). */
  analyseBatch?: number;
  /** Jobs in flight per run (default 16: enough for 8 workers with one queued behind each). */
  inFlight?: number;
  pollMs?: number;
}

/**
 * `canting serve --queue`: classification, feature computation and import
 * analysis go to the queue's workers instead of this process's threads. A
 * field of the app context (`remote`); without it everything runs locally.
 */
export class RemoteCompute implements EmbedderSource, AnalyserSource {
  readonly producer: QueueProducer;
  /** Photos each worker has returned results for since the server started (host:pid → count). */
  readonly photosByWorker = new Map<string, number>();

  constructor(
    connection: RedisOptions,
    private readonly opts: RemoteComputeOptions = {},
  ) {
    this.producer = new QueueProducer(connection, { pollMs: opts.pollMs });
  }

  private readonly seen = (worker: string, photos: number) => this.photosByWorker.set(worker, (this.photosByWorker.get(worker) ?? 0) + photos);

  embedder(spec: EmbedSpec): Embedder {
    return new RemoteEmbedder(this.producer, spec, Math.max(1, Math.ceil((this.opts.inFlight ?? 16) / 2)), this.seen);
  }

  analyser(spec: { runId: string; importJobId: number; signal: AbortSignal }): Analyser {
    return new RemoteAnalyser(this.producer, spec, this.opts.analyseBatch ?? 16, this.opts.inFlight ?? 16, this.seen);
  }

  /** Batches waiting for a worker and held by one, over the queues this server has used. */
  async counts(): Promise<{ waiting: number; active: number }> {
    let waiting = 0;
    let active = 0;
    for (const q of this.producer.openQueues()) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      waiting += (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
      active += c.active ?? 0;
    }
    return { waiting, active };
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
