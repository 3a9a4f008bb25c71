import type { AnalyseJobData, AnalyseJobResult, EmbedJobData, EmbedJobResult, QueueFile } from '../../common/queue-protocol.js';
import type { EngineFile } from '../classify/engine-protocol.js';
import { EnginePool, type FileResult } from '../classify/pool.js';
import { analyseBytes, type AnalyseResult } from '../importer/analyse.js';
import { describeFileError, undecodable } from '../importer/reasons.js';
import { parsePipeline, TFJS_VERSION } from './pipeline.js';

/**
 * A queue job's work, as pure functions of its data: the same engine code as
 * local classification (classify's EnginePool and engine worker) and import
 * analysis (importer/analyse.ts). Where the bytes come from is the caller's
 * (`readFile`: a worker maps the server's path, or fetches it over the API).
 * One unreadable or undecodable photo becomes an entry in `errors` /
 * a `failed` result; only an engine failure rejects the whole batch (the
 * server then splits it, so a photo that crashes the engine fails alone).
 */

/**
 * The photos' source cannot be reached (the server is down longer than a
 * restart): the job fails as a whole and runs again, instead of reporting
 * photos that are fine as failed.
 */
export class SourceUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailable';
  }
}

/** What embeds: an EnginePool, or anything with its shape (tests). */
export interface EmbedEngine {
  readonly dim: number;
  embedFiles(items: EngineFile[]): Promise<FileResult>;
}

export interface ExecuteDeps {
  readFile(file: QueueFile): Promise<Buffer>;
  /** host:pid, reported with every result (the workers list). */
  worker: string;
}

export interface EmbedDeps extends ExecuteDeps {
  /** The engine for a pipeline (pipeline.ts's name) and fine-tuned top block (by model id); the caller may keep one per pair. */
  engine(pipeline: string, topModelId: number | null): Promise<EmbedEngine>;
}

export function encodeVectors(vectors: Float32Array): string {
  return Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength).toString('base64');
}

export function decodeVectors(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  // Copy into an aligned buffer: a Buffer's offset in its pool need not be a multiple of 4.
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export async function executeEmbedJob(data: EmbedJobData, deps: EmbedDeps): Promise<EmbedJobResult> {
  const engine = await deps.engine(data.pipeline, data.topModelId);
  const errors: EmbedJobResult['errors'] = [];
  const files: EngineFile[] = [];
  const bytesOf = new Map<number, Buffer>();
  await Promise.all(
    data.items.map(async (item) => {
      try {
        const bytes = await deps.readFile(item.file);
        bytesOf.set(item.key, bytes);
        files.push({ key: item.key, bytes });
      } catch (err) {
        if (err instanceof SourceUnavailable) throw err;
        errors.push({ key: item.key, message: describeFileError(err) });
      }
    }),
  );
  const keys: number[] = [];
  let vectors = new Float32Array(0);
  if (files.length) {
    const r = await engine.embedFiles(files);
    vectors = new Float32Array(r.vectors.size * engine.dim);
    for (const [key, v] of r.vectors) {
      vectors.set(v, keys.length * engine.dim);
      keys.push(key);
    }
    // The decoder's own text races between photos decoding at once (libvips shares one error buffer: "Unknown error"); say it from the bytes, as the importer does.
    errors.push(...r.errors.map((e) => ({ key: e.key, message: describeFileError(undecodable(bytesOf.get(e.key) ?? Buffer.alloc(0), new Error(e.message))) })));
  }
  return { worker: deps.worker, pipeline: data.pipeline, dim: engine.dim, keys, vectors: encodeVectors(vectors), errors };
}

/** An analysis result as it travels (thumbnail bytes as base64). */
type WireResult = AnalyseJobResult['results'][number];

export async function executeAnalyseJob(data: AnalyseJobData, deps: ExecuteDeps): Promise<AnalyseJobResult> {
  const results = await Promise.all(
    data.items.map(async (item): Promise<WireResult> => {
      let r: AnalyseResult;
      try {
        const bytes = await deps.readFile(item.file);
        // The server knows the file's date (it stats its own copy); the worker reports the bytes it read.
        r = await analyseBytes(item.key, bytes, { size: bytes.length, mtimeMs: 0 }, item.maxPixels);
      } catch (err) {
        if (err instanceof SourceUnavailable) throw err;
        r = { key: item.key, kind: 'failed', reason: describeFileError(err) };
      }
      return r.kind === 'image' ? { ...r, thumbnail: { ...r.thumbnail, data: r.thumbnail.data.toString('base64') } } : r;
    }),
  );
  return { worker: deps.worker, results };
}

/** The importer's AnalyseResult back from the wire. */
export function decodeAnalyseResult(r: WireResult): AnalyseResult {
  if (r.kind !== 'image') return r as unknown as AnalyseResult;
  const t = r.thumbnail as { data: string; width: number; height: number; mime: 'image/webp' };
  return { ...(r as unknown as AnalyseResult & { kind: 'image' }), thumbnail: { ...t, data: Buffer.from(t.data, 'base64') } };
}

/**
 * Engines for a worker process, one EnginePool per (pipeline, top block),
 * started on first use and kept. `fetchTop` gets a fine-tuned top block's
 * bytes (from the server) by model id.
 */
export function engineCache(opts: { threads: number; fetchTop?: (modelId: number) => Promise<Uint8Array> }) {
  const pools = new Map<string, Promise<EnginePool>>();
  return {
    engine(pipeline: string, topModelId: number | null): Promise<EmbedEngine> {
      const key = `${pipeline}#${topModelId ?? ''}`;
      let p = pools.get(key);
      if (!p) {
        p = (async () => {
          // A pipeline name (pipeline.ts), or a bare backbone definition id meaning this build's engine.
          const parsed = parsePipeline(pipeline) ?? { backboneId: pipeline, tfjsVersion: TFJS_VERSION };
          if (parsed.tfjsVersion !== TFJS_VERSION) throw new Error(`this worker runs TensorFlow.js ${TFJS_VERSION} and cannot compute pipeline ${pipeline}`);
          if (topModelId !== null && !opts.fetchTop) throw new Error(`this worker cannot fetch the fine-tuned top block of model ${topModelId}`);
          const top = topModelId !== null ? await opts.fetchTop!(topModelId) : undefined;
          return EnginePool.start({ workers: opts.threads, backboneId: parsed.backboneId, top });
        })();
        // A pool that failed to start is not kept: the next job tries again.
        p.catch(() => pools.delete(key));
        pools.set(key, p);
      }
      return p;
    },
    async close(): Promise<void> {
      const all = [...pools.values()];
      pools.clear();
      await Promise.allSettled(all.map(async (p) => (await p).close()));
    },
  };
}
