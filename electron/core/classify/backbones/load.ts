import * as tf from '@tensorflow/tfjs';
import { loadBackbone, type Backbone, type BackboneOptions } from '../backbone.js';
import { ensureBackend, selectBackend, type BackendLoaders, type BackendName } from '../backend.js';
import { skipReason } from '../skip-reason.js';
import { ENGINE_ORDER, engineFromEnv, hasOnnxPath, ortLayout, type EngineChoice, type EngineFamily, type EngineName } from '../engines.js';
import { definitionToOnnx, loadOrtBackbone } from '../onnx/ort-backbone.js';
import { describeOrt, loadOnnxRuntime, type OrtModule } from '../onnx/runtime.js';
import { defaultWorkerCount } from '../../workers/spawn.js';
import { isStatsOnly, type BackboneDefinition } from './definitions.js';
import { loadStatsBackbone } from './stats.js';
import { ModelFilesError } from './nsfwjs-model.js';

export type { EngineChoice, EngineFamily };

/**
 * The network a definition runs (one view at a time; views.ts makes the views
 * and averages them). A fine-tuned top block and the top-input output exist
 * for MobileNetV2's own pipeline only. Needs a backend already selected.
 */
export async function loadDefinedBackbone(def: BackboneDefinition, opts: BackboneOptions = {}): Promise<Backbone> {
  if (isStatsOnly(def)) {
    if (opts.top || opts.output === 'top-input') throw new Error(`${def.label} has no fine-tunable top block`);
    return loadStatsBackbone(def, { fused: opts.fused });
  }
  const b = await loadBackbone(opts);
  // Same network, another id when the views differ (the features do).
  return def.views === 'whole' || opts.top || opts.output === 'top-input' ? b : { ...b, id: def.id, embed: b.embed.bind(b), dispose: b.dispose.bind(b) };
}

export interface EngineOptions extends BackboneOptions {
  /** A preferred TensorFlow.js backend (CANTING_TF_BACKEND); naming one also means TensorFlow.js rather than ONNX Runtime. */
  prefer?: BackendName;
  engine?: EngineFamily;
  /** ONNX Runtime's intra-op threads per worker. */
  threads?: number;
  /** The definition's ONNX graph, already converted by another worker (saves the conversion's time and memory). */
  onnx?: Uint8Array;
  /** Replaceable so tests can simulate a missing or broken engine. */
  loaders?: { onnxruntime?: () => Promise<OrtModule>; tfjs?: Partial<BackendLoaders> };
}

const TFJS_ASKED = 'onnxruntime: TensorFlow.js asked for (CANTING_ENGINE or a chosen backend)';

/**
 * Start the best engine for a definition in this thread: ONNX Runtime's CPU
 * provider where the definition has an ONNX path, else (or when it cannot
 * start) TensorFlow.js's best backend. Missing or damaged model files are
 * not an engine's fault and are thrown (ModelFilesError) rather than skipped.
 */
export async function startEngine(def: BackboneDefinition, opts: EngineOptions = {}): Promise<{ backbone: Backbone; choice: EngineChoice; onnx?: Uint8Array }> {
  const family = opts.engine ?? engineFromEnv() ?? (opts.prefer ? 'tfjs' : undefined);
  const skipped: string[] = [];
  if (!hasOnnxPath(def, opts)) {
    // CANTING_ENGINE=onnxruntime concerns the pipelines ONNX Runtime can run; asking for it here by name is a mistake.
    if (opts.engine === 'onnxruntime') throw new Error(`the ONNX Runtime engine cannot run ${def.label}${opts.top ? ' with a fine-tuned top block' : ''}`);
  } else if (family === 'tfjs') {
    skipped.push(TFJS_ASKED);
  } else {
    const threads = Math.max(1, opts.threads ?? 1);
    try {
      const ort = await (opts.loaders?.onnxruntime ?? loadOnnxRuntime)();
      // The converter only reads the weights through tfjs-layers: plain JS holds them in ordinary arrays that are
      // freed after conversion (wasm's heap would keep their ~100 MB for the worker's life).
      // Its "install tfjs-node to speed things up" banner would mislead here: this thread runs ONNX Runtime.
      tf.env().set('PROD', true);
      await selectBackend({ prefer: 'cpu' });
      const onnx = opts.onnx ?? (await definitionToOnnx(def));
      const backbone = await loadOrtBackbone(def, ort, { threads, onnx });
      return { backbone, choice: { name: 'onnxruntime', detail: describeOrt(ort, threads), skipped }, onnx };
    } catch (err) {
      if (err instanceof ModelFilesError || family === 'onnxruntime') throw err;
      skipped.push(`onnxruntime: ${skipReason(err)}`);
    }
  }
  const tfjs = await selectBackend({ prefer: opts.prefer, loaders: opts.loaders?.tfjs });
  const backbone = await loadDefinedBackbone(def, opts);
  return { backbone, choice: { ...tfjs, skipped: [...skipped, ...tfjs.skipped] } };
}

/**
 * The engine a pool would start for a definition, and the order tried, without
 * loading any model (for the Classify panel): ONNX Runtime is loaded to see
 * that its native library works; TensorFlow.js's backend is this thread's.
 */
export async function probeEngine(def: BackboneDefinition, opts: { loadOrt?: () => Promise<OrtModule> } = {}): Promise<EngineChoice & { order: EngineName[] }> {
  const onnxPath = hasOnnxPath(def);
  const order = ENGINE_ORDER.filter((e) => onnxPath || e !== 'onnxruntime');
  const skipped: string[] = [];
  if (onnxPath && engineFromEnv() === 'tfjs') skipped.push(TFJS_ASKED);
  else if (onnxPath) {
    try {
      return { name: 'onnxruntime', detail: describeOrt(await (opts.loadOrt ?? loadOnnxRuntime)(), ortLayout(defaultWorkerCount()).threads), skipped, order };
    } catch (err) {
      skipped.push(`onnxruntime: ${skipReason(err)}`);
    }
  }
  const tfjs = await ensureBackend();
  return { name: tfjs.name, detail: tfjs.detail, skipped: [...skipped, ...tfjs.skipped], order };
}
