import type { Worker } from 'node:worker_threads';
import { ApiError } from '../../common/errors.js';
import { findBackbone, MOBILENET_V2 } from './backbones/definitions.js';
import { defaultWorkerCount, spawnWorker } from '../workers/spawn.js';
import { engineFromEnv, hasOnnxPath, ortLayout, type EngineChoice } from './engines.js';
import { loadOnnxRuntime } from './onnx/runtime.js';
import type { EngineFile, EngineReply, EngineRequest, EngineWorkerData } from './engine-protocol.js';

export interface FileResult {
  /** key → embedding, for the files that decoded. */
  vectors: Map<number, Float32Array>;
  /** Files that could not be read or decoded, with why. */
  errors: { key: number; message: string }[];
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (r: EngineReply & { type: 'result' }) => void; reject: (e: Error) => void }>;
  dead: Error | null;
}

/** A pipeline whose model files are missing or damaged: the user's to fix (reinstall, or another pipeline), in their language. */
function modelFilesError(backboneId: string | undefined, files: { model: string; reason: string }): ApiError {
  const pipeline = (backboneId ? findBackbone(backboneId) : MOBILENET_V2)?.label ?? files.model;
  return new ApiError('io', `The model files of the ${pipeline} pipeline are missing or damaged (${files.reason}). Nothing was changed. Reinstall Canting, or choose another pipeline.`).translated(
    'pipelineModelFiles',
    { pipeline, reason: files.reason },
  );
}

/** Start one engine worker into `slots`; resolves when its engine is up. */
function startSlot(slots: Slot[], workerData: EngineWorkerData): Promise<EngineReply & { type: 'ready' }> {
  const worker = spawnWorker(new URL('./engine-worker.js', import.meta.url), { workerData });
  const slot: Slot = { worker, pending: new Map(), dead: null };
  slots.push(slot);
  return new Promise<EngineReply & { type: 'ready' }>((resolve, reject) => {
    const fail = (err: Error) => {
      slot.dead = err;
      reject(err);
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on('message', (msg: EngineReply) => {
      if (msg.type === 'ready') resolve(msg);
      else if (msg.type === 'fatal') fail(msg.modelFiles ? modelFilesError(workerData.backboneId, msg.modelFiles) : new Error(`inference engine failed to start: ${msg.message}`));
      else {
        const p = slot.pending.get(msg.reqId);
        if (!p) return;
        slot.pending.delete(msg.reqId);
        if (msg.type === 'result') p.resolve(msg);
        else p.reject(new Error(msg.message));
      }
    });
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => {
      if (!slot.dead) fail(new Error(`inference worker exited (code ${code})`));
    });
  });
}

/**
 * A pool of engine workers (one TensorFlow.js engine + backbone each). Work
 * goes to the least busy worker; callers keep about two requests per worker
 * in flight so each worker decodes its next batch while inferring this one.
 */
export class EnginePool {
  private nextId = 1;
  private constructor(
    private readonly slots: Slot[],
    readonly backend: EngineChoice,
    /** The id the pool's features are cached under (BACKBONE_ID, or a fine-tuned top's). */
    readonly backboneId: string,
    /** Floats per image in a result: EMBEDDING_DIM, or the top block's input for fine-tuning. */
    readonly dim: number,
  ) {}

  get size(): number {
    return this.slots.length;
  }

  /**
   * `workers`: engine workers (default: one per core). Where the pipeline runs
   * on ONNX Runtime, the first worker converts the model and hands the graph
   * to the others, so it is converted once and the conversions' peak memory
   * never adds up; at most two workers start (engines.ts, ortLayout), the other cores
   * becoming each one's intra-op threads (docs/design/engines.md). If it fell
   * back to TensorFlow.js, the others start on TensorFlow.js, one per core,
   * without trying ONNX Runtime again. `top` / `output` / engine options:
   * engine-protocol.ts.
   */
  static async start(opts: EngineWorkerData & { workers?: number } = {}): Promise<EnginePool> {
    const { workers, ...workerData } = opts;
    const count = Math.max(1, workers ?? defaultWorkerCount());
    const def = opts.backboneId ? findBackbone(opts.backboneId) : MOBILENET_V2;
    // ONNX Runtime is tried first for a pipeline it can run, unless TensorFlow.js is asked for (a backend, or CANTING_ENGINE).
    const tryOrt = def !== undefined && hasOnnxPath(def, { output: opts.output }) && !opts.top && !opts.prefer && (opts.engine ?? engineFromEnv()) !== 'tfjs';
    const ortFirst = count > 1 && tryOrt;
    if (tryOrt) {
      // onnxruntime-node's binding cannot be loaded again once every thread that loaded it has ended ("Module did
      // not self-register"): this thread keeps it loaded, so the next pool's workers can load it too. A failure
      // here is the workers' to report (the engine order's skipped reason).
      await loadOnnxRuntime(opts.onnxruntimeModule).catch(() => undefined);
    }
    const slots: Slot[] = [];
    try {
      if (!ortFirst) {
        const ready = await Promise.all(Array.from({ length: count }, () => startSlot(slots, workerData)));
        return new EnginePool(slots, ready[0].backend, ready[0].backboneId, ready[0].dim);
      }
      const layout = ortLayout(count);
      const sessions = layout.sessions;
      const threads = opts.threads ?? layout.threads;
      const first = await startSlot(slots, { ...workerData, threads, shareOnnx: true });
      const ort = first.backend.name === 'onnxruntime';
      const rest: EngineWorkerData = ort ? { ...workerData, threads, onnx: first.onnx } : { ...workerData, engine: 'tfjs' };
      await Promise.all(Array.from({ length: (ort ? sessions : count) - 1 }, () => startSlot(slots, rest)));
      return new EnginePool(slots, first.backend, first.backboneId, first.dim);
    } catch (err) {
      await Promise.allSettled(slots.map((s) => s.worker.terminate()));
      throw err;
    }
  }

  private send(req: EngineRequest & { reqId: number }, transfer: ArrayBuffer[] = []): Promise<EngineReply & { type: 'result' }> {
    const live = this.slots.filter((s) => !s.dead);
    if (!live.length) return Promise.reject(this.slots[0]?.dead ?? new Error('no inference workers'));
    const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return new Promise((resolve, reject) => {
      slot.pending.set(req.reqId, { resolve, reject });
      slot.worker.postMessage(req, transfer);
    });
  }

  /** Decode, preprocess and embed image files (paths or bytes); per-file failures come back in `errors`. */
  async embedFiles(items: EngineFile[]): Promise<FileResult> {
    const r = await this.send({ type: 'files', reqId: this.nextId++, items });
    const vectors = new Map<number, Float32Array>();
    r.keys.forEach((key, i) => vectors.set(key, r.vectors.subarray(i * this.dim, (i + 1) * this.dim)));
    return { vectors, errors: r.errors };
  }

  /** Embed already-preprocessed pixels (n×size×size×3, one view each); the buffer is transferred to the worker. */
  async embedPixels(data: Float32Array, n: number): Promise<Float32Array> {
    const r = await this.send({ type: 'pixels', reqId: this.nextId++, data, n }, [data.buffer as ArrayBuffer]);
    return r.vectors;
  }

  async close(): Promise<void> {
    await Promise.allSettled(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.dead) return resolve();
            s.worker.once('exit', () => resolve());
            s.worker.postMessage({ type: 'close' } satisfies EngineRequest);
            // A stuck worker must not keep the process alive.
            setTimeout(() => void s.worker.terminate().then(() => resolve()), 10_000).unref();
          }),
      ),
    );
  }
}

/**
 * Run `work` over `items` in batches with at most `concurrency` batches in
 * flight, handing each result to `onResult` as it arrives (in completion
 * order). Memory stays bounded by concurrency × batch size.
 */
export async function pipelined<T, R>(
  items: readonly T[],
  batchSize: number,
  concurrency: number,
  work: (batch: T[]) => Promise<R>,
  onResult: (result: R, batch: T[]) => void | Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < items.length && !shouldStop()) {
      const batch = items.slice(next, next + batchSize);
      next += batchSize;
      const result = await work(batch);
      await onResult(result, batch);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, runner));
}
