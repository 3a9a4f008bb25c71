import type { BackboneOptions } from './backbone.js';
import type { BackendName } from './backend.js';
import type { BackboneDefinition } from './backbones/definitions.js';

/**
 * Which engine computes a pipeline's features, as data (no engine loaded):
 * the order engines are tried in, what a worker reports it chose, and the
 * CANTING_ENGINE override. backbones/load.ts starts them.
 */

/** Every engine, best first: ONNX Runtime (definitions with an ONNX path), then TensorFlow.js's backends. */
export type EngineName = 'onnxruntime' | BackendName;
export const ENGINE_ORDER: readonly EngineName[] = ['onnxruntime', 'tensorflow', 'wasm', 'cpu'];

/** The engine a worker runs, and why each better one was not used (in order tried). */
export interface EngineChoice {
  name: EngineName;
  /** e.g. "onnxruntime 1.23.2 (CPU, 1 thread)", "wasm (SIMD, 1 thread)". */
  detail: string;
  skipped: string[];
}

/**
 * CANTING_ENGINE: `onnxruntime` (no fallback, for benches and tests; pipelines
 * without an ONNX path stay on TensorFlow.js) or `tfjs` (never ONNX Runtime).
 */
export type EngineFamily = 'onnxruntime' | 'tfjs';

export function engineFromEnv(env: NodeJS.ProcessEnv = process.env): EngineFamily | undefined {
  const v = env.CANTING_ENGINE?.trim().toLowerCase();
  if (!v || v === 'auto') return undefined;
  if (v === 'onnxruntime' || v === 'tfjs') return v;
  throw new Error(`CANTING_ENGINE must be onnxruntime, tfjs or auto, not "${v}"`);
}

/**
 * Whether ONNX Runtime can run this definition: InceptionV3's texture
 * statistics. MobileNetV2 stays on TensorFlow.js (its fine-tunable top block
 * and the top-input output are tfjs code, and wasm is fast enough for it).
 */
export function hasOnnxPath(def: BackboneDefinition, opts: BackboneOptions = {}): boolean {
  return def.model === 'nsfwjs-inception_v3' && def.parts.every((p) => p.stat === 'meanstd') && !opts.top && opts.output !== 'top-input' && opts.fused !== false;
}


/**
 * How a pool spreads `cores` over ONNX Runtime sessions (one per worker).
 * Each session holds ~450 MB (weights, prepacked kernels, its arena), so at
 * most two; cores beyond become each session's intra-op threads. Two
 * single-threaded sessions beat one two-threaded session on CPU per image
 * (~25 % less in bench:classify on this machine), and peak memory stays
 * under 1.5 GB on any machine (docs/design/engines.md).
 */
export function ortLayout(cores: number): { sessions: number; threads: number } {
  const sessions = Math.max(1, Math.min(cores, 2));
  return { sessions, threads: Math.max(1, Math.floor(cores / sessions)) };
}
