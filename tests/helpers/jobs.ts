import type { JobStatus } from '../../electron/common/contract/index.js';
import type { AppContext } from '../../electron/core/app/context.js';

/** The job's status once it has ended (done, failed, cancelled), polled; fails after `timeoutMs`. */
export async function waitForJob(ctx: AppContext, id: string, timeoutMs = 120_000): Promise<JobStatus> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = ctx.jobs.get(id);
    if (job.state !== 'running' && job.state !== 'queued') return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms: ${job.message ?? ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
