import { ApiError } from '../../common/errors.js';
import type { FeaturesJobResult } from '../../common/contract/index.js';
import type { JobServices } from '../jobs/services.js';
import { recordPipelineCost } from './pipeline-cost.js';
import { catalogueBackbone, engineBackboneId } from './pipeline-setting.js';
import { imagesWithoutFeatures, putEmbeddings } from './embeddings.js';
import { embedTargets } from './embed-targets.js';
import { EnginePool } from './pool.js';
import type { EmbedderSource } from './embedder.js';
import { countImages } from '../catalogue/stats.js';

/**
 * The backbone's features of every image that has none yet, without any
 * head: what a new facet needs before anything can be suggested or trained
 * ("tema" in an archive nobody classified by motif). Classifying any facet
 * computes them too; this is that step on its own. Each batch is stored in
 * its own transaction, so a cancel or a crash keeps what was done and a
 * second run does only the rest.
 */

export type FeaturesResult = FeaturesJobResult;

const MAX_REPORTED_ERRORS = 20;

export function startFeaturesJob(ctx: JobServices & { remote?: EmbedderSource | null }, opts: { workers?: number } = {}): { id: string; total: number; done: Promise<FeaturesResult> } {
  // The catalogue's pipeline (pipeline-setting.ts): what training, suggestions and classification read.
  const pipeline = catalogueBackbone(ctx.db);
  const targets = imagesWithoutFeatures(ctx.db, pipeline.id);
  if (!targets.length) {
    const images = countImages(ctx.db);
    throw images
      ? new ApiError('invalid_input', 'Every image already has its features; nothing to compute').translated('featuresDone')
      : new ApiError('invalid_input', 'The catalogue is empty: import images first').translated('catalogueEmpty');
  }
  const job = ctx.jobs.start('features', `Compute features of ${targets.length} image(s)`, async (jc) => {
    const result: FeaturesResult = { total: targets.length, computed: 0, failed: 0, errors: [] };
    jc.progress({ found: targets.length, done: 0 });
    const pool = ctx.remote
      ? ctx.remote.embedder({ runId: jc.id, pipeline: pipeline.id, topModelId: null, backboneId: pipeline.id, dim: pipeline.dim, signal: jc.signal })
      : await EnginePool.start({ workers: opts.workers, backboneId: engineBackboneId(pipeline) });
    const started = performance.now();
    try {
      await embedTargets(pool, targets, result, {
        maxReported: MAX_REPORTED_ERRORS,
        shouldStop: () => jc.signal.aborted,
        store: (vectors) => {
          putEmbeddings(ctx.db, pipeline.id, [...vectors].map(([imageId, vector]) => ({ imageId, vector })));
          result.computed += vectors.size;
        },
        progress: () => jc.progress({ done: result.computed, failed: result.failed }),
      });
      if (!ctx.remote) recordPipelineCost(ctx.db, pipeline.id, { images: result.computed, seconds: (performance.now() - started) / 1000, workers: pool.size, backend: pool.backend.detail });
    } finally {
      await pool.close();
    }
    jc.throwIfCancelled();
    ctx.events.emit({ type: 'catalogue-changed', reason: 'features' });
    return result;
  });
  return { id: job.id, total: targets.length, done: job.done };
}
