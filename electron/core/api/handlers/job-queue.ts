import type { jobQueueCalls } from '../../../common/contract/job-queue.js';
import type { HandlerTable } from '../types.js';

export const jobQueueHandlers: HandlerTable<keyof typeof jobQueueCalls> = {
  'jobQueue.status': async (_input, ctx) => (ctx.remote ? { enabled: true, ...(await ctx.remote.counts()) } : { enabled: false, waiting: 0, active: 0 }),
};
