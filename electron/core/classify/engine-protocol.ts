import type { BackendChoice } from './backend.js';

/** Messages between EnginePool (main thread) and engine-worker. */
export type EngineRequest =
  | { type: 'files'; reqId: number; items: { key: number; path: string }[] }
  | { type: 'pixels'; reqId: number; data: Float32Array; n: number }
  | { type: 'close' };

export type EngineReply =
  | { type: 'ready'; backend: BackendChoice }
  | { type: 'fatal'; message: string }
  | { type: 'result'; reqId: number; keys: number[]; vectors: Float32Array; errors: { key: number; message: string }[] }
  | { type: 'error'; reqId: number; message: string };
