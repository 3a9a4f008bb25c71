import type { pipelinesCalls } from '../../../common/contract/pipelines.js';
import { describePipelines, usePipeline } from '../../classify/pipelines.js';
import type { HandlerTable } from '../types.js';

// The bundled heads were registered when the catalogue was opened (createAppContext), so they count as active heads here.
export const pipelinesHandlers: HandlerTable<keyof typeof pipelinesCalls> = {
  'pipelines.list': async (_input, ctx) => describePipelines(ctx.db),
  'pipelines.use': async (input, ctx) => {
    const result = usePipeline(ctx.db, ctx.jobs, input.id, { dryRun: input.dryRun });
    if (result.changed && !result.dryRun) ctx.events.emit({ type: 'catalogue-changed', reason: 'pipeline' });
    return result;
  },
};
