import { INCEPTION_V3, INCEPTION_V3_MID, MOBILENET_V2, MOBILENET_V2_MID, MOBILENET_V2_VIEWS } from './definitions.js';

/**
 * What each pipeline was measured to do, as data (shown by pipelines.list and
 * the Models panel). Accuracy is never a guess: block cross-validation on the
 * full batik-irina4 set, recorded in models/MODEL_CARD.md. The relative cost
 * is CPU time per image end to end against MobileNetV2's in the same bench
 * session; the speed on *this* machine comes from real classify runs
 * (pipeline-cost.ts).
 */
export interface MeasuredPipeline {
  /** 5-fold block cross-validation accuracy, 0..1. */
  blockCvAccuracy: number;
  /** CPU time per image relative to MobileNetV2 (1). */
  relativeCost: number;
  /** Peak memory of classification, as measured (English; the Models panel words it through i18n with memoryKey). */
  memory: string;
  memoryKey: 'memoryFast' | 'memoryViews' | 'memoryInception' | 'memoryInceptionMid';
}

export const MEASURED_SOURCE =
  'models/MODEL_CARD.md: npm run bench:accuracy on batik-irina4 (992 images), 5-fold block cross-validation × 3 seeds; cost: CPU ms per image end to end (npm run bench:classify) against MobileNetV2 in the same session';

export const MEASURED: Readonly<Record<string, MeasuredPipeline>> = {
  [MOBILENET_V2.id]: { blockCvAccuracy: 0.719, relativeCost: 1, memory: 'well under 1.5 GB', memoryKey: 'memoryFast' },
  // 582 vs 133 CPU ms per image (bench:accuracy, same run).
  [MOBILENET_V2_VIEWS.id]: { blockCvAccuracy: 0.779, relativeCost: 4.4, memory: 'as MobileNetV2 (five views one after another)', memoryKey: 'memoryViews' },
  // 2026-12-03: 21 vs 26 CPU ms per image end to end (bench:classify, wasm, same session); peak 944 MB.
  [MOBILENET_V2_MID.id]: { blockCvAccuracy: 0.857, relativeCost: 0.8, memory: 'well under 1.5 GB', memoryKey: 'memoryFast' },
  // ONNX Runtime: 70 vs 27 CPU ms per image (bench:classify, load 4–5); on wasm 361 vs 24 ms per image and thread.
  [INCEPTION_V3.id]: {
    blockCvAccuracy: 0.838,
    relativeCost: 2.6,
    memory: 'peak 1,407 MB with two ONNX Runtime workers (2,062 MB on wasm), under the 1.5 GB target only with ONNX Runtime',
    memoryKey: 'memoryInception',
  },
  // 2026-12-03: 57 vs 26 CPU ms per image end to end, ONNX Runtime (bench:classify, same session); peak 1,110 MB.
  [INCEPTION_V3_MID.id]: { blockCvAccuracy: 0.889, relativeCost: 2.2, memory: 'peak 1,110 MB with two ONNX Runtime workers, under the 1.5 GB target', memoryKey: 'memoryInceptionMid' },
};
