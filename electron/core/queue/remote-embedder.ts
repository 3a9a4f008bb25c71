import { EmbedJobResult, embedQueueName, QUEUE_PROTOCOL, type EmbedJobData } from '../../common/queue-protocol.js';
import type { Embedder, EmbedSpec } from '../classify/embedder.js';
import type { EngineFile } from '../classify/engine-protocol.js';
import type { FileResult } from '../classify/pool.js';
import { batchJobId, type QueueProducer } from './producer.js';
import { pipelineName } from './pipeline.js';
import { decodeVectors } from './execute.js';
import { RunCutOff } from '../../common/errors.js';
import { onePhotoFailed, QueueStopped, type WorkerSeen } from './results.js';

/** Tries of a one-photo job before its photo is reported failed (a batch that fails is split first). */
export const POISON_ATTEMPTS = 3;

/**
 * Classification and feature computation on the queue's workers: each batch
 * becomes an embed job on its pipeline's queue; the server stores what comes
 * back (it alone writes the catalogue). A batch whose job fails is split in
 * halves and each half queued again, down to single photos that get
 * POISON_ATTEMPTS tries: a photo that crashes the engine fails alone, with
 * its reason, after a bounded number of attempts.
 */
export class RemoteEmbedder implements Embedder {
  readonly backend = { detail: 'job queue (Canting workers)' };
  readonly backboneId: string;
  readonly dim: number;

  constructor(
    private readonly producer: QueueProducer,
    private readonly spec: EmbedSpec,
    /** Batches in flight = 2 × size: enough to keep every worker busy. */
    readonly size: number,
    private readonly seen: WorkerSeen = () => {},
  ) {
    this.backboneId = spec.backboneId;
    this.dim = spec.dim;
  }

  embedFiles(items: EngineFile[]): Promise<FileResult> {
    return this.batch(items);
  }

  private async batch(items: EngineFile[]): Promise<FileResult> {
    const { spec } = this;
    // The queue's name for the backbone definition with this build's engine: a worker of another engine version never takes it.
    const pipeline = pipelineName(spec.pipeline);
    const data: EmbedJobData = {
      kind: 'embed',
      protocol: QUEUE_PROTOCOL,
      runId: spec.runId,
      pipeline,
      topModelId: spec.topModelId,
      items: items.map((it) => ({ key: it.key, file: { path: it.path!, ref: { kind: 'image', imageId: it.key } } })),
    };
    const id = batchJobId('embed', `${pipeline}#${spec.topModelId ?? ''}`, items.map((it) => it.key));
    const out = await this.producer.run<unknown>(embedQueueName(pipeline), id, data, items.length > 1 ? 1 : POISON_ATTEMPTS, spec.signal);
    if (out.ok) {
      const r = EmbedJobResult.parse(out.value);
      if (r.dim !== this.dim || r.pipeline !== pipeline) throw new Error(`worker ${r.worker} returned ${r.pipeline} features of ${r.dim} floats, not ${pipeline} of ${this.dim}`);
      this.seen(r.worker, r.keys.length + r.errors.length);
      const all = decodeVectors(r.vectors);
      const asked = new Set(items.map((it) => it.key));
      const vectors = new Map<number, Float32Array>();
      r.keys.forEach((key, i) => {
        if (asked.has(key)) vectors.set(key, all.subarray(i * this.dim, (i + 1) * this.dim));
      });
      return { vectors, errors: r.errors.filter((e) => asked.has(e.key) && !vectors.has(e.key)) };
    }
    if (out.stopped) throw out.closed ? new RunCutOff() : new QueueStopped();
    if (items.length > 1) {
      const half = Math.ceil(items.length / 2);
      const parts = await Promise.all([this.batch(items.slice(0, half)), this.batch(items.slice(half))]);
      return { vectors: new Map([...parts[0].vectors, ...parts[1].vectors]), errors: [...parts[0].errors, ...parts[1].errors] };
    }
    return { vectors: new Map(), errors: [{ key: items[0].key, message: onePhotoFailed(out.reason, POISON_ATTEMPTS) }] };
  }

  async close(): Promise<void> {
    // The producer (and its connections) belongs to the server, not to one run.
  }
}
