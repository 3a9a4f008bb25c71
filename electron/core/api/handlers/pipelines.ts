import type { pipelinesCalls } from '../../../common/contract/pipelines.js';
import { describePipelines } from '../../classify/pipelines.js';
import { switchPipeline } from '../../workflows/switch-pipeline.js';
import { signedInActor } from '../sign-as.js';
import type { HandlerTable } from '../types.js';

// The bundled heads were registered when the catalogue was opened (createAppContext), so they count as active heads here.
export const pipelinesHandlers: HandlerTable<keyof typeof pipelinesCalls> = {
  'pipelines.list': async (_input, ctx) => describePipelines(ctx.db),
  'pipelines.use': async (input, ctx, caller) => {
    const result = switchPipeline(ctx.db, ctx.jobs, input.id, { dryRun: input.dryRun, by: signedInActor(caller) });
    if (result.changed && !result.dryRun) ctx.events.emit({ type: 'catalogue-changed', reason: 'pipeline' });
    return result;
  },
};
