import type { BackendName } from './backend.js';
import type { EngineChoice, EngineFamily } from './engines.js';
import type { BackboneOutput } from './backbone.js';

/** What a worker is started with. */
export interface EngineWorkerData {
  prefer?: BackendName;
  /** Serialised fine-tuned top block (top-block.ts); absent = the frozen backbone. */
  top?: Uint8Array;
  output?: BackboneOutput;
  /** The backbone definition to run (backbones/definitions.ts); absent = MobileNetV2, today's. */
  backboneId?: string;
  /** Force ONNX Runtime or TensorFlow.js (default: CANTING_ENGINE, else the best that starts). */
  engine?: EngineFamily;
  /** ONNX Runtime's intra-op threads in this worker. */
  threads?: number;
  /** The module loaded as onnxruntime-node (tests name a missing one to see the fallback). */
  onnxruntimeModule?: string;
  /** The pipeline's ONNX graph, converted by the pool's first worker, so the others skip the conversion. */
  onnx?: Uint8Array;
  /** Send the ONNX graph back with 'ready' (the pool's first worker), for the others. */
  shareOnnx?: boolean;
}

/** A file to embed: by path on this machine, or its bytes (a queue worker that fetched it from the server). */
export interface EngineFile {
  key: number;
  path?: string;
  bytes?: Uint8Array;
}

/** Messages between EnginePool (main thread) and engine-worker. */
export type EngineRequest =
  | { type: 'files'; reqId: number; items: EngineFile[] }
  | { type: 'pixels'; reqId: number; data: Float32Array; n: number }
  | { type: 'close' };

export type EngineReply =
  | { type: 'ready'; backend: EngineChoice; backboneId: string; dim: number; onnx?: Uint8Array }
  | { type: 'fatal'; message: string; modelFiles?: { model: string; reason: string } }
  | { type: 'result'; reqId: number; keys: number[]; vectors: Float32Array; errors: { key: number; message: string }[] }
  | { type: 'error'; reqId: number; message: string };
