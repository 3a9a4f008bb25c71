/**
 * onnxruntime-node, an optional dependency, loaded by a variable module name
 * (so the app builds and runs without it) and typed locally: only the part of
 * its API Canting uses. Kept free of TensorFlow.js for the main thread's pool.
 */

export interface OrtSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
  release?(): Promise<void>;
}
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
  env?: { versions?: { node?: string; common?: string } };
}

// A variable module name keeps TypeScript and bundlers from requiring the optional package.
const ONNXRUNTIME_NODE = 'onnxruntime-node';

/** Load onnxruntime-node (its native library loads here; a missing or broken one throws). `specifier`: another module, for tests. */
export async function loadOnnxRuntime(specifier = ONNXRUNTIME_NODE): Promise<OrtModule> {
  const m = (await import(specifier)) as OrtModule & { default?: OrtModule };
  return m.InferenceSession ? m : m.default!;
}

/** e.g. "onnxruntime 1.23.2 (CPU, 1 thread)". */
export function describeOrt(ort: OrtModule, threads: number): string {
  const version = ort.env?.versions?.node ?? ort.env?.versions?.common;
  return `onnxruntime${version ? ` ${version}` : ''} (CPU, ${threads} thread${threads === 1 ? '' : 's'})`;
}

