import fs from 'node:fs';
import path from 'node:path';
import { learnCalls } from '../../../common/contract/learn.js';
import { buildReport } from '../../learn/report.js';
import { activateVersion, rollbackVersion } from '../../learn/activation.js';
import { compareVersions } from '../../learn/comparison.js';
import { exportVersion, importVersion } from '../../learn/version-folders.js';
import { listVersions } from '../../learn/version-list.js';
import { startTrainJob } from '../../learn/train-job.js';
import { evaluateFacet } from '../../learn/evaluation.js';
import { activationCheck } from '../../learn/activation-check.js';
import { firstModelStatus, startFirstModelNow } from '../../workflows/first-model.js';
import { similarImages, suggestNext, suspectLabels } from '../../learn/service.js';
import type { HandlerTable } from '../types.js';
import { signedInActor } from '../sign-as.js';
import { countImagesWithoutFeatures } from '../../classify/embeddings.js';
import { pipelineId } from '../../classify/pipeline-setting.js';
import { requireAbsolutePath } from '../absolute-path.js';

export const learnHandlers: HandlerTable<keyof typeof learnCalls> = {
  'learn.train': (input, ctx) => {
    const { job, set } = startTrainJob(ctx, input);
    return { jobId: job.id, images: set.imageIds.length, perLabel: set.summary.perLabel };
  },
  'registry.versions': (input, ctx) => listVersions(ctx.db, input.facet),
  'registry.activate': (input, ctx, caller) => {
    const v = activateVersion(ctx.db, input.id, signedInActor(caller));
    ctx.events.emit({ type: 'catalogue-changed', reason: 'model-activated' });
    return v;
  },
  'registry.rollback': (input, ctx, caller) => {
    const v = rollbackVersion(ctx.db, input.facet, signedInActor(caller));
    ctx.events.emit({ type: 'catalogue-changed', reason: 'model-activated' });
    return v;
  },
  'registry.compare': (input, ctx) => compareVersions(ctx.db, input.a, input.b),
  'registry.evaluation': (input, ctx) => evaluateFacet(ctx.db, input.facet),
  'registry.activationCheck': (input, ctx) => activationCheck(ctx.db, input.id),
  'registry.export': (input, ctx) => exportVersion(ctx.db, input.id, requireAbsolutePath(input.folder)),
  'registry.import': async (input, ctx) => {
    const v = await importVersion(ctx.db, input.facet, requireAbsolutePath(input.folder), { labels: input.labels, version: input.version, activate: input.activate });
    if (v.active) ctx.events.emit({ type: 'catalogue-changed', reason: 'model-imported' });
    return v;
  },
  'registry.report': async (input, ctx) => {
    const file = input.file ? requireAbsolutePath(input.file) : null;
    const html = await buildReport(ctx.db, input.id, { language: input.language });
    if (!file) return { html, file: null };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, html);
    return { html: null, file };
  },
  'learn.firstModel': (input, ctx) => firstModelStatus(ctx, input.facet),
  'learn.startFirstModel': (input, ctx) => startFirstModelNow(ctx, input.facet),
  'learn.suggest': async (input, ctx) => ({
    ...(await suggestNext(ctx.db, input.facet, input.limit)),
    // An empty list must not look like "nothing left" when images only lack features.
    withoutFeatures: countImagesWithoutFeatures(ctx.db, pipelineId(ctx.db)),
  }),
  'learn.suspects': (input, ctx) => suspectLabels(ctx.db, input.facet, input.limit),
  'learn.similar': (input, ctx) => similarImages(ctx.db, input.imageId, input),
};
