import type { EngineFile } from './engine-protocol.js';
import type { FileResult } from './pool.js';

/**
 * What turns files into embeddings for a job: the local EnginePool (worker
 * threads), or the job queue's workers (core/queue/remote-embedder.ts) when
 * the server runs with `--queue`. embedTargets needs only this.
 */
export interface Embedder {
  /** Parallel engines; callers keep about two batches per engine in flight. */
  readonly size: number;
  readonly backend: { detail: string };
  /** The id the features are cached under. */
  readonly backboneId: string;
  readonly dim: number;
  embedFiles(items: EngineFile[]): Promise<FileResult>;
  close(): Promise<void>;
}

/** What a job needs to embed on queue workers instead of its own threads. */
export interface EmbedSpec {
  /** The server's job id (progress, reconciliation). */
  runId: string;
  /** A backbone definition id (backbones/definitions.ts). */
  pipeline: string;
  /** A fine-tuned top block's model id, or null for the frozen backbone. */
  topModelId: number | null;
  backboneId: string;
  dim: number;
  /** Stop: batches not yet taken are withdrawn. */
  signal: AbortSignal;
}

/** The app context's remote compute, as classify sees it (absent: local threads, as without --queue). */
export interface EmbedderSource {
  embedder(spec: EmbedSpec): Embedder;
}
