import { z } from 'zod';
import { call } from './define.js';
import { Empty } from './shared.js';

/**
 * Speed measured on this machine by real classify and features runs (pipeline-cost.ts), never estimated:
 * the median of the recent runs' images per second, and the last run's details.
 */
export const PipelineCost = z.object({
  /** Median over `runs` recent runs of at least 8 images each. */
  imagesPerSecond: z.number(),
  /** How many recorded runs the median is of. */
  runs: z.number().int(),
  /** The last run: images, seconds, workers, backend and when (ISO time). */
  images: z.number().int(),
  seconds: z.number(),
  workers: z.number().int(),
  backend: z.string(),
  measuredAt: z.string(),
});
export type PipelineCost = z.infer<typeof PipelineCost>;

export const PipelineInfo = z.object({
  id: z.string(),
  name: z.string(),
  dim: z.number().int(),
  /** Views per image (5: the whole image and its 2×2 quadrants). */
  views: z.number().int(),
  /** The catalogue's pipeline. */
  active: z.boolean(),
  /** What new catalogues use. */
  isDefault: z.boolean(),
  /** 5-fold block cross-validation on batik-irina4 (source: PipelinesList.source), 0..1; null where never measured. */
  blockCvAccuracy: z.number().nullable(),
  /** CPU time per image relative to MobileNetV2 (1), from the same bench run. */
  relativeCost: z.number().nullable(),
  memory: z.string().nullable(),
  /** Translation key of the memory note (pipelines.<key>). */
  memoryKey: z.string().nullable(),
  measured: PipelineCost.nullable(),
  /** Catalogue images without this pipeline's features (what switching to it must compute). */
  withoutFeatures: z.number().int(),
  /** Seconds to compute those at the measured speed; null where nothing was measured here. */
  estimatedSeconds: z.number().int().nullable(),
  /** Only MobileNetV2's top block can be fine-tuned; others train the head only. */
  fineTune: z.boolean(),
});
export type PipelineInfo = z.infer<typeof PipelineInfo>;

export const PipelineHead = z.object({
  facet: z.string(),
  version: z.string(),
  /** The pipeline the head was trained on; null for an earlier release's features. */
  pipeline: z.string().nullable(),
  /** Whether it reads the catalogue's pipeline (otherwise classifying with it is refused). */
  matches: z.boolean(),
});
export type PipelineHead = z.infer<typeof PipelineHead>;

export const PipelinesList = z.object({
  active: z.string(),
  /** Where the accuracy and relative cost figures come from. */
  source: z.string(),
  pipelines: z.array(PipelineInfo),
  /** Each facet's active head and whether it matches the catalogue's pipeline. */
  heads: z.array(PipelineHead),
});
export type PipelinesList = z.infer<typeof PipelinesList>;

export const PipelineSwitch = z.object({
  pipeline: z.string(),
  previous: z.string(),
  /** A preview (dryRun): what switching would do; nothing was changed. */
  dryRun: z.boolean(),
  /** Whether the pipeline is (or, in a preview, would be) another than before. */
  changed: z.boolean(),
  /** Images whose features the new pipeline must compute (classify or Compute features). */
  toCompute: z.number().int(),
  estimatedSeconds: z.number().int().nullable(),
  /** Active heads trained on another pipeline: retrain these before classifying (classify refuses them). */
  toRetrain: z.array(z.object({ facet: z.string(), version: z.string() })),
  /** Facets whose active head reads the old pipeline and that get (in a preview: would get) their newest version reading the new one, activated and audited. */
  activated: z.array(z.object({ facet: z.string(), version: z.string(), replaces: z.string() })),
  /** Vectors of the previous pipeline, kept (valid for the versions trained on them; nothing is deleted). */
  keptVectors: z.number().int(),
});
export type PipelineSwitch = z.infer<typeof PipelineSwitch>;

export const pipelinesCalls = {
  'pipelines.list': call(
    Empty,
    PipelinesList,
    'Feature pipelines this release can compute, each with its measured block-CV accuracy (and source), relative cost, speed measured on this machine, and whether each facet’s active head matches the catalogue’s pipeline',
  ),
  'pipelines.use': call(
    z
      .object({
        id: z.string().min(1).max(200),
        /** Only say what switching would do (what to compute, how long, which heads to retrain); change nothing. */
        dryRun: z.boolean().optional(),
      })
      .strict(),
    PipelineSwitch,
    'Switch the catalogue’s feature pipeline (refused while a job runs), or with dryRun only say what switching would do. The previous pipeline’s embeddings and heads are kept; the answer says what must be recomputed (with a time from the speed measured here) and retrained',
  ),
};
