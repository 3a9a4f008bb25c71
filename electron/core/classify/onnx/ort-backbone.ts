import type { Backbone } from '../backbone.js';
import type { BackboneDefinition } from '../backbones/definitions.js';
import { loadNsfwjsModel } from '../backbones/nsfwjs-model.js';
import { kerasToOnnx } from './keras-to-onnx.js';

/**
 * A backbone definition run by ONNX Runtime's CPU execution provider
 * (`onnxruntime-node`, an optional dependency): the tfjs-layers model is
 * converted in memory (keras-to-onnx.ts) and disposed, and one
 * InferenceSession computes the whole embedding, texture statistics included.
 */

/** The part of onnxruntime-node's API used here (typed locally so the app builds without the optional package). */
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

/** A session run failed: said plainly, with the batch size; the caller writes nothing for the batch. */
export class OrtRunError extends Error {
  constructor(n: number, cause: unknown) {
    super(`the ONNX Runtime engine failed on a batch of ${n} image(s): ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** The ONNX bytes of a definition whose parts are all texture statistics (needs a TensorFlow.js backend to read the weights). */
export async function definitionToOnnx(def: BackboneDefinition): Promise<Uint8Array> {
  if (def.parts.some((p) => p.stat !== 'meanstd')) throw new Error(`${def.label} has parts the ONNX engine does not compute`);
  const model = await loadNsfwjsModel(def.model);
  try {
    return kerasToOnnx(model, { statsOf: def.parts.map((p) => p.layer), name: def.id });
  } finally {
    // The weights now live in the ONNX bytes; the tfjs copy would only double the memory.
    model.dispose();
  }
}

/**
 * A Backbone over an ONNX Runtime session for `def`. `threads`: intra-op
 * threads (the EnginePool already runs one worker per core, so 1 by default).
 */
export async function loadOrtBackbone(def: BackboneDefinition, ort: OrtModule, opts: { threads?: number; onnx?: Uint8Array } = {}): Promise<Backbone> {
  const threads = Math.max(1, opts.threads ?? 1);
  const session = await ort.InferenceSession.create(opts.onnx ?? (await definitionToOnnx(def)), {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const size = def.inputSize;
  return {
    id: def.id,
    dim: def.dim,
    async embed(pixels, n) {
      let out;
      try {
        out = (await session.run({ pixels: new ort.Tensor('float32', pixels.subarray(0, n * size * size * 3), [n, size, size, 3]) })).embedding;
      } catch (err) {
        throw new OrtRunError(n, err);
      }
      if (!(out?.data instanceof Float32Array) || out.data.length !== n * def.dim) throw new OrtRunError(n, new Error(`expected ${n}×${def.dim} floats, got ${out?.dims?.join('×') ?? 'nothing'}`));
      return out.data;
    },
    dispose() {
      void session.release?.();
    },
  };
}
