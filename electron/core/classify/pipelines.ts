import type { Database } from 'better-sqlite3';
import type { PipelineSwitch, PipelinesList } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import type { JobRunner } from '../jobs/runner.js';
import { listModels } from '../models/store.js';
import { DEFAULT_BACKBONE_ID } from './backbones/default.js';
import { BACKBONES, findBackbone, viewCount } from './backbones/definitions.js';
import { MEASURED, MEASURED_SOURCE } from './backbones/measured.js';
import { countEmbeddings, countImagesWithoutFeatures } from './embeddings.js';
import { estimateSeconds, readPipelineCost } from './pipeline-cost.js';
import { canFineTune, pipelineId, pipelineOfBackbone, unknownPipeline, writePipeline } from './pipeline-setting.js';

/**
 * Listing and switching the catalogue's feature pipeline. Switching only
 * changes which features are current: the previous pipeline's embeddings and
 * the heads trained on them stay (its versions keep their predictions,
 * metrics and reports, and switching back makes them usable again).
 */

/** Each facet's active head and whether it reads `current`'s features (the catalogue's pipeline unless a switch is previewed). */
function activeHeads(db: Database, current = pipelineId(db)) {
  return listModels(db)
    .filter((m) => m.active)
    .map((m) => {
      const pipeline = pipelineOfBackbone(m.backbone)?.id ?? null;
      return { facet: m.facetKey, version: m.version, pipeline, matches: pipeline === current };
    });
}

export function describePipelines(db: Database): PipelinesList {
  const active = pipelineId(db);
  return {
    active,
    source: MEASURED_SOURCE,
    pipelines: BACKBONES.map((b) => {
      const m = MEASURED[b.id];
      const measured = readPipelineCost(db, b.id);
      const withoutFeatures = countImagesWithoutFeatures(db, b.id);
      return {
        id: b.id,
        name: b.label,
        dim: b.dim,
        views: viewCount(b),
        active: b.id === active,
        isDefault: b.id === DEFAULT_BACKBONE_ID,
        blockCvAccuracy: m?.blockCvAccuracy ?? null,
        relativeCost: m?.relativeCost ?? null,
        memory: m?.memory ?? null,
        memoryKey: m?.memoryKey ?? null,
        measured,
        withoutFeatures,
        estimatedSeconds: estimateSeconds(measured, withoutFeatures),
        fineTune: canFineTune(b.id),
      };
    }),
    heads: activeHeads(db),
  };
}

/**
 * Make `id` the catalogue's pipeline, or with `dryRun` only say what that
 * would do. Refused while any job runs (a preview too, so the confirmation
 * never offers a switch that would then be refused): a classify or training
 * run mid-way would otherwise mix features of two pipelines in one result.
 */
export function usePipeline(db: Database, jobs: Pick<JobRunner, 'list'>, id: string, opts: { dryRun?: boolean } = {}): Omit<PipelineSwitch, 'activated'> {
  const def = findBackbone(id);
  if (!def) throw unknownPipeline(id);
  const running = jobs.list().find((j) => j.state === 'running');
  if (running) {
    // The English words are the command line's; the app words its own (pipelineBusy) with its own controls.
    throw new ApiError('conflict', `A job is running ("${running.title}"); run canting pipeline use again when it has finished or been stopped. Nothing was changed.`).translated(
      'pipelineBusy',
      { job: running.title },
    );
  }
  const previous = pipelineId(db);
  const changed = previous !== id;
  const dryRun = Boolean(opts.dryRun);
  if (changed && !dryRun) writePipeline(db, id);
  const toCompute = countImagesWithoutFeatures(db, id);
  return {
    pipeline: id,
    previous,
    dryRun,
    changed,
    toCompute,
    estimatedSeconds: estimateSeconds(readPipelineCost(db, id), toCompute),
    toRetrain: activeHeads(db, id)
      .filter((h) => !h.matches)
      .map(({ facet, version }) => ({ facet, version })),
    keptVectors: changed ? countEmbeddings(db, previous) : 0,
  };
}
