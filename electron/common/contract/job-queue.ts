import { z } from 'zod';
import { call } from './define.js';
import { Empty } from './shared.js';

/**
 * Whether the server sends work to queue workers (`canting serve --queue`,
 * issue #20) and how much is queued: what the Classify panel shows next to
 * the workers list (workers.list). Named jobQueue: `queue.*` are the
 * validators' work queues.
 */
export const JobQueueStatus = z.object({
  enabled: z.boolean(),
  /** Batches waiting for a worker (retries included). */
  waiting: z.number().int().min(0),
  /** Batches a worker holds now. */
  active: z.number().int().min(0),
});
export type JobQueueStatus = z.infer<typeof JobQueueStatus>;

export const jobQueueCalls = {
  'jobQueue.status': call(Empty, JobQueueStatus, 'Whether classification and import analysis run on queue workers, and how many batches wait or run'),
};
