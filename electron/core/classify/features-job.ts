import { ApiError } from '../../common/errors.js';
import type { JobServices } from '../jobs/services.js';
import { imagesWithoutFeatures, putEmbeddings } from './embeddings.js';
import { embedTargets, type FileFailures } from './embed-targets.js';
import { EnginePool } from './pool.js';
import type { EmbedderSource } from './embedder.js';
import { BACKBONE_ID, EMBEDDING_DIM } from './backbone-info.js';
import { countImages } from '../catalogue/stats.js';

/**
 * The backbone's features of every image that has none yet, without any
 * head: what a new facet needs before anything can be suggested or trained
 * ("tema" in an archive nobody classified by motif). Classifying any facet
 * computes them too; this is that step on its own. Each batch is stored in
 * its own transaction, so a cancel or a crash keeps what was done and a
 * second run does only the rest.
 */

export interface FeaturesResult extends FileFailures {
  total: number;
  computed: number;
}

const MAX_REPORTED_ERRORS = 20;

export function startFeaturesJob(ctx: JobServices & { remote?: EmbedderSource | null }, opts: { workers?: number } = {}): { id: string; total: number; done: Promise<FeaturesResult> } {
  const targets = imagesWithoutFeatures(ctx.db, BACKBONE_ID);
  if (!targets.length) {
    const images = countImages(ctx.db);
    throw images
      ? new ApiError('invalid_input', 'Every image already has its features; nothing to compute').translated('featuresDone')
      : new ApiError('invalid_input', 'The catalogue is empty: import images first').translated('catalogueEmpty');
  }
  const job = ctx.jobs.start('classify', `Compute features of ${targets.length} image(s)`, async (jc) => {
    const result: FeaturesResult = { total: targets.length, computed: 0, failed: 0, errors: [] };
    jc.progress({ found: targets.length, done: 0 });
    const pool = ctx.remote
      ? ctx.remote.embedder({ runId: jc.id, pipeline: BACKBONE_ID, topModelId: null, backboneId: BACKBONE_ID, dim: EMBEDDING_DIM, signal: jc.signal })
      : await EnginePool.start({ workers: opts.workers });
    try {
      await embedTargets(pool, targets, result, {
        maxReported: MAX_REPORTED_ERRORS,
        shouldStop: () => jc.signal.aborted,
        store: (vectors) => {
          putEmbeddings(ctx.db, BACKBONE_ID, [...vectors].map(([imageId, vector]) => ({ imageId, vector })));
          result.computed += vectors.size;
        },
        progress: () => jc.progress({ done: result.computed, failed: result.failed }),
      });
    } finally {
      await pool.close();
    }
    jc.throwIfCancelled();
    ctx.events.emit({ type: 'catalogue-changed', reason: 'features' });
    return result;
  });
  return { id: job.id, total: targets.length, done: job.done };
}
