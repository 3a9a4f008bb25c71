import type { Backbone } from '../backbone.js';
import type { BackboneDefinition, BackboneModel } from '../backbones/definitions.js';
import { loadNsfwjsModel, type ModelParts } from '../backbones/nsfwjs-model.js';
import { kerasToOnnx } from './keras-to-onnx.js';
import type { OrtModule } from './runtime.js';

/**
 * A backbone definition run by ONNX Runtime's CPU execution provider
 * (`onnxruntime-node`, an optional dependency): the tfjs-layers model is
 * converted in memory (keras-to-onnx.ts) and disposed, and one
 * InferenceSession computes the whole embedding, texture statistics included.
 */

/** A session run failed: said plainly, with the batch size; the caller writes nothing for the batch. */
export class OrtRunError extends Error {
  constructor(n: number, cause: unknown) {
    super(`the ONNX Runtime engine failed on a batch of ${n} image(s): ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** The ONNX bytes of a definition whose parts are all texture statistics (needs a TensorFlow.js backend to read the weights). */
export async function definitionToOnnx(def: BackboneDefinition, read?: (m: BackboneModel) => Promise<ModelParts>): Promise<Uint8Array> {
  if (def.parts.some((p) => p.stat !== 'meanstd')) throw new Error(`${def.label} has parts the ONNX engine does not compute`);
  // Missing or damaged files throw ModelFilesError here, before any session exists.
  const model = await loadNsfwjsModel(def.model, read);
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
