import { loadBackbone, type Backbone, type BackboneOptions } from '../backbone.js';
import { BACKEND_NAMES, selectBackend, type BackendLoaders, type BackendName } from '../backend.js';
import { describeOrt, loadOnnxRuntime, loadOrtBackbone, type OrtModule } from '../onnx/ort-backbone.js';
import type { BackboneDefinition } from './definitions.js';
import { loadInceptionBackbone } from './inception.js';
import { ModelFilesError } from './nsfwjs-model.js';

/**
 * The network a definition runs (one view at a time; views.ts makes the views
 * and averages them). A fine-tuned top block and the top-input output exist
 * for MobileNetV2 only. Needs a backend already selected.
 */
export async function loadDefinedBackbone(def: BackboneDefinition, opts: BackboneOptions = {}): Promise<Backbone> {
  if (def.model === 'nsfwjs-inception_v3') {
    if (opts.top || opts.output === 'top-input') throw new Error(`${def.label} has no fine-tunable top block`);
    return loadInceptionBackbone({ fused: opts.fused });
  }
  const b = await loadBackbone(opts);
  // Same network, another id when the views differ (the features do).
  return def.views === 'whole' || opts.top || opts.output === 'top-input' ? b : { ...b, id: def.id, embed: b.embed.bind(b), dispose: b.dispose.bind(b) };
}

/** Every engine, best first: ONNX Runtime (definitions with an ONNX path), then TensorFlow.js's backends. */
export type EngineName = 'onnxruntime' | BackendName;
export const ENGINE_ORDER: readonly EngineName[] = ['onnxruntime', ...BACKEND_NAMES];

/** The engine a worker runs, and why each better one was not used (in order tried). */
export interface EngineChoice {
  name: EngineName;
  /** e.g. "onnxruntime 1.23.2 (CPU, 1 thread)", "wasm (SIMD, 1 thread)". */
  detail: string;
  skipped: string[];
}

/** CANTING_ENGINE: `onnxruntime` (no fallback, for benches and tests) or `tfjs` (never ONNX Runtime). */
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

export interface EngineOptions extends BackboneOptions {
  /** A preferred TensorFlow.js backend (CANTING_TF_BACKEND); naming one also means TensorFlow.js rather than ONNX Runtime. */
  prefer?: BackendName;
  engine?: EngineFamily;
  /** ONNX Runtime's intra-op threads per worker. */
  threads?: number;
  /** Replaceable so tests can simulate a missing or broken engine. */
  loaders?: { onnxruntime?: () => Promise<OrtModule>; tfjs?: Partial<BackendLoaders> };
}

const firstLine = (err: unknown) => ((err as Error)?.message ?? String(err)).split('\n')[0];

/**
 * Start the best engine for a definition in this thread: ONNX Runtime's CPU
 * provider where the definition has an ONNX path, else (or when it cannot
 * start) TensorFlow.js's best backend. Missing or damaged model files are
 * not an engine's fault and are thrown (ModelFilesError) rather than skipped.
 */
export async function startEngine(def: BackboneDefinition, opts: EngineOptions = {}): Promise<{ backbone: Backbone; choice: EngineChoice }> {
  const family = opts.engine ?? engineFromEnv() ?? (opts.prefer ? 'tfjs' : undefined);
  const skipped: string[] = [];
  if (!hasOnnxPath(def, opts)) {
    if (family === 'onnxruntime') throw new Error(`the ONNX Runtime engine cannot run ${def.label}${opts.top ? ' with a fine-tuned top block' : ''}`);
  } else if (family === 'tfjs') {
    skipped.push('onnxruntime: TensorFlow.js asked for (CANTING_ENGINE or a chosen backend)');
  } else {
    const threads = Math.max(1, opts.threads ?? 1);
    try {
      const ort = await (opts.loaders?.onnxruntime ?? loadOnnxRuntime)();
      // The converter reads the weights through tfjs-layers: any backend will do, and the chosen one stays for nothing else.
      await selectBackend({ prefer: 'wasm', loaders: opts.loaders?.tfjs });
      const backbone = await loadOrtBackbone(def, ort, { threads });
      return { backbone, choice: { name: 'onnxruntime', detail: describeOrt(ort, threads), skipped } };
    } catch (err) {
      if (err instanceof ModelFilesError || family === 'onnxruntime') throw err;
      skipped.push(`onnxruntime: ${firstLine(err)}`);
    }
  }
  const tfjs = await selectBackend({ prefer: opts.prefer, loaders: opts.loaders?.tfjs });
  const backbone = await loadDefinedBackbone(def, opts);
  return { backbone, choice: { ...tfjs, skipped: [...skipped, ...tfjs.skipped] } };
}
