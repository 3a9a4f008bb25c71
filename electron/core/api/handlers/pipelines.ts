import type { pipelinesCalls } from '../../../common/contract/pipelines.js';
import { describePipelines, usePipeline } from '../../classify/pipelines.js';
import { registerBundledModels } from '../../models/bundled.js';
import type { HandlerTable } from '../types.js';

export const pipelinesHandlers: HandlerTable<keyof typeof pipelinesCalls> = {
  'pipelines.list': async (_input, ctx) => {
    // The bundled heads count as active heads (as models.list shows them).
    await registerBundledModels(ctx.db, ctx.modelsDir);
    return describePipelines(ctx.db);
  },
  'pipelines.use': async (input, ctx) => {
    await registerBundledModels(ctx.db, ctx.modelsDir);
    const result = usePipeline(ctx.db, ctx.jobs, input.id);
    if (result.changed) ctx.events.emit({ type: 'catalogue-changed', reason: 'pipeline' });
    return result;
  },
};
