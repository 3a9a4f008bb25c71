import { INCEPTION_V3, MOBILENET_V2, MOBILENET_V2_VIEWS } from './definitions.js';

/**
 * What each pipeline was measured to do, as data (shown by pipelines.list and
 * the Models panel). Accuracy is never a guess: block cross-validation on the
 * full batik-irina4 set, recorded in models/MODEL_CARD.md. The relative cost
 * is the bench's CPU time per image against MobileNetV2's on the same run;
 * the speed on *this* machine comes from real classify runs (pipeline-cost.ts).
 */
export interface MeasuredPipeline {
  /** 5-fold block cross-validation accuracy, 0..1. */
  blockCvAccuracy: number;
  /** CPU time per image relative to MobileNetV2 (1). */
  relativeCost: number;
  /** Peak memory of classification, as measured (English; the Models panel words it through i18n with memoryKey). */
  memory: string;
  memoryKey: 'memoryFast' | 'memoryViews' | 'memoryInception';
}

export const MEASURED_SOURCE =
  'models/MODEL_CARD.md: npm run bench:accuracy on batik-irina4 (992 images), 5-fold block cross-validation × 3 seeds; cost: CPU ms per image in bench:accuracy against MobileNetV2 on the same run';

export const MEASURED: Readonly<Record<string, MeasuredPipeline>> = {
  [MOBILENET_V2.id]: { blockCvAccuracy: 0.719, relativeCost: 1, memory: 'well under 1.5 GB', memoryKey: 'memoryFast' },
  // 582 vs 133 CPU ms per image (bench:accuracy, same run).
  [MOBILENET_V2_VIEWS.id]: { blockCvAccuracy: 0.779, relativeCost: 4.4, memory: 'as MobileNetV2 (five views one after another)', memoryKey: 'memoryViews' },
  // 688 vs 133 CPU ms per image under load; on an idle machine 361 vs 24 ms per image and thread.
  [INCEPTION_V3.id]: {
    blockCvAccuracy: 0.838,
    relativeCost: 5.2,
    memory: 'peak 2,062 MB with two workers (1,444 MB with one), over the 1.5 GB target',
    memoryKey: 'memoryInception',
  },
};
