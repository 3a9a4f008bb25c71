import { classifyCalls } from '../../../common/contract/classify.js';
import type { ModelInfo } from '../../../common/contract/classify.js';
import { probeEngine } from '../../classify/backbones/load.js';
import { noModelMessage, startClassify } from '../../classify/job.js';
import { startFeaturesJob } from '../../classify/features-job.js';
import { startPruneJob } from '../../classify/prune-job.js';
import { catalogueBackbone, headMatchesPipeline, mismatchMessage, pipelineId, pipelineOfBackbone } from '../../classify/pipeline-setting.js';
import { catalogueBytes, staleEmbeddings, withTotals } from '../../classify/stale-embeddings.js';
import { getFacet } from '../../catalogue/facets.js';
import { getActiveModel, listModels, type ModelRow } from '../../models/store.js';
import type { HandlerTable } from '../types.js';
import { countImages } from '../../catalogue/stats.js';
import { countPredictedInGrid } from '../../review/query.js';

function toInfo(m: ModelRow, current: string): ModelInfo {
  const pipeline = pipelineOfBackbone(m.backbone);
  return {
    id: m.id,
    facet: m.facetKey,
    version: m.version,
    source: m.source,
    backbone: m.backbone,
    pipeline: pipeline ? { id: pipeline.id, name: pipeline.label } : null,
    pipelineIsCurrent: pipeline?.id === current,
    labels: m.labels,
    active: m.active,
    createdAt: m.createdAt,
    accuracy: m.manifest.metrics?.accuracy ?? null,
  };
}

export const classifyHandlers: HandlerTable<keyof typeof classifyCalls> = {
  'classify.start': async (input, ctx) => {
    const { workers, ...params } = input;
    const job = await startClassify(ctx, params, { workers });
    return { jobId: job.id, total: job.total, modelVersion: job.model.version };
  },
  'classify.features': (input, ctx) => {
    const job = startFeaturesJob(ctx, { workers: input.workers });
    return { jobId: job.id, total: job.total };
  },
  'classify.status': (input, ctx) => {
    getFacet(ctx.db, input.facet);
    const model = getActiveModel(ctx.db, input.facet);
    const images = countImages(ctx.db);
    // The grid's own count (its rows are the catalogue's images, its model_id the active version's prediction).
    const predicted = model ? countPredictedInGrid(ctx.db, model.facetId, model.id) : 0;
    return {
      facet: input.facet,
      modelVersion: model?.version ?? null,
      // A head of another pipeline cannot classify here (classify.start refuses it): nothing to offer.
      unavailable: model ? (headMatchesPipeline(ctx.db, model) ? null : mismatchMessage(ctx.db, model)) : noModelMessage(input.facet),
      images,
      predicted,
    };
  },
  'classify.backend': async (_input, ctx) => {
    const b = await probeEngine(catalogueBackbone(ctx.db));
    return { name: b.name, detail: b.detail, skipped: b.skipped, order: b.order };
  },
  'models.list': (input, ctx) => {
    const current = pipelineId(ctx.db);
    return listModels(ctx.db, input.facet).map((m) => toInfo(m, current));
  },
  'embeddings.stale': (_input, ctx) => ({ ...withTotals(staleEmbeddings(ctx.db)), catalogueBytes: catalogueBytes(ctx.cataloguePath) }),
  'embeddings.prune': (input, ctx) => {
    const job = startPruneJob(ctx, { vacuum: input.vacuum });
    return { jobId: job.id, total: job.total, vacuum: Boolean(input.vacuum) };
  },
};
