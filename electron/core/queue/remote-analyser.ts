import fs from 'node:fs/promises';
import { ANALYSE_QUEUE, AnalyseJobResult, QUEUE_PROTOCOL, type AnalyseJobData } from '../../common/queue-protocol.js';
import type { AnalyseResult, AnalyseTask } from '../importer/analyse.js';
import type { Analyser } from '../importer/analyser.js';
import { describeFileError, FileProblem } from '../importer/reasons.js';
import { batchJobId, type QueueProducer } from './producer.js';
import { decodeAnalyseResult } from './execute.js';
import { POISON_ATTEMPTS } from './remote-embedder.js';
import { RunCutOff } from '../../common/errors.js';
import { onePhotoFailed, QueueStopped, type WorkerSeen } from './results.js';

interface Waiting {
  task: AnalyseTask;
  resolve: (r: AnalyseResult) => void;
  reject: (e: Error) => void;
}

/**
 * Import analysis on the queue's workers. Files are gathered into batches
 * (one analyse job each); the server first looks at each file itself (size
 * and date, which it needs and a worker fetching bytes over the API cannot
 * see): an unchanged file is never queued. Failures split as in
 * RemoteEmbedder, so one photo that crashes the decoder fails alone.
 */
export class RemoteAnalyser implements Analyser {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly producer: QueueProducer,
    private readonly spec: { runId: string; importJobId: number; signal: AbortSignal },
    private readonly batchSize: number,
    /** Batches in flight. */
    batches: number,
    private readonly seen: WorkerSeen = () => {},
  ) {
    // The import keeps 4 × size files in flight.
    this.size = Math.max(1, Math.ceil((batches * batchSize) / 4));
  }

  readonly size: number;

  run(task: AnalyseTask): Promise<AnalyseResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ task, resolve, reject });
      if (this.waiting.length >= this.batchSize) this.flush();
      // The last, partial batch goes when no more files come.
      else this.timer ??= setTimeout(() => this.flush(), 30);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length) void this.send(batch);
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      const queued: { w: Waiting; size: number; mtimeMs: number }[] = [];
      for (const w of batch) {
        try {
          const st = await fs.stat(w.task.path);
          if (!st.isFile()) throw new FileProblem('not a regular file (device, pipe or socket)');
          const mtimeMs = Math.trunc(st.mtimeMs);
          if (w.task.known && w.task.known.size === st.size && w.task.known.mtimeMs === mtimeMs) w.resolve({ key: w.task.key, kind: 'unchanged', size: st.size, mtimeMs });
          else queued.push({ w, size: st.size, mtimeMs });
        } catch (err) {
          w.resolve({ key: w.task.key, kind: 'failed', reason: describeFileError(err) });
        }
      }
      if (queued.length) await this.job(queued);
    } catch (err) {
      for (const w of batch) w.reject(err as Error);
    }
  }

  private async job(items: { w: Waiting; size: number; mtimeMs: number }[]): Promise<void> {
    const { spec } = this;
    const data: AnalyseJobData = {
      kind: 'analyse',
      protocol: QUEUE_PROTOCOL,
      runId: spec.runId,
      items: items.map(({ w }) => ({
        key: w.task.key,
        file: { path: w.task.path, ref: { kind: 'importFile', importJobId: spec.importJobId, fileId: w.task.key } },
        known: null,
        maxPixels: w.task.maxPixels,
      })),
    };
    const id = batchJobId('analyse', String(spec.importJobId), items.map(({ w }) => w.task.key));
    const out = await this.producer.run<unknown>(ANALYSE_QUEUE, id, data, items.length > 1 ? 1 : POISON_ATTEMPTS, spec.signal);
    if (out.ok) {
      const r = AnalyseJobResult.parse(out.value);
      this.seen(r.worker, r.results.length);
      const byKey = new Map(r.results.map((x) => [x.key, x]));
      for (const { w, size, mtimeMs } of items) {
        const got = byKey.get(w.task.key);
        if (!got) w.resolve({ key: w.task.key, kind: 'failed', reason: `worker ${r.worker} returned no result for this file` });
        else {
          const res = decodeAnalyseResult(got);
          // The date is the server's own file's (the worker may have read the bytes over the API).
          w.resolve(res.kind === 'image' ? { ...res, size, mtimeMs } : res);
        }
      }
      return;
    }
    if (out.stopped) throw out.closed ? new RunCutOff() : new QueueStopped();
    if (items.length > 1) {
      const half = Math.ceil(items.length / 2);
      await Promise.all([this.job(items.slice(0, half)), this.job(items.slice(half))]);
      return;
    }
    items[0].w.resolve({ key: items[0].w.task.key, kind: 'failed', reason: onePhotoFailed(out.reason, POISON_ATTEMPTS) });
  }

  async close(): Promise<void> {
    this.flush();
  }
}
