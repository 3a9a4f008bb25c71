import type { jobsCalls } from '../../../common/contract/jobs.js';
import type { HandlerTable } from '../types.js';

export const jobsHandlers: HandlerTable<keyof typeof jobsCalls> = {
  'jobs.list': (_input, ctx) => ctx.jobs.list(),
  'jobs.cancel': (input, ctx) => ctx.jobs.cancel(input.id),
};
