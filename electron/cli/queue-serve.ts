import { ApiError } from '../common/errors.js';
import type { AppContext } from '../core/app/context.js';
import { queueConnection } from '../core/queue/connection.js';
import { continueClassifyRuns, reconcileQueue } from '../core/queue/reconcile.js';
import { RemoteCompute } from '../core/queue/remote.js';
import { DEFAULT_STALL_MS, publishStallMs } from '../core/queue/stall.js';
import { startQueueLog } from './queue-log.js';

export interface QueueServeOptions {
  queue?: string;
  queuePasswordFile?: string;
  queueCa?: string;
  queueStall?: number;
}

/**
 * `canting serve --queue`: connect, publish the stall interval, store what
 * workers finished while the server was away (reconcile), and log workers and
 * progress. `continueRuns` then continues cut-off classification runs (after
 * the server listens, so workers can fetch photos).
 */
export async function startQueueService(ctx: AppContext, opts: QueueServeOptions, write: (line: string) => void) {
  const stall = opts.queueStall ?? DEFAULT_STALL_MS;
  if (!Number.isInteger(stall) || stall < 500) throw new ApiError('invalid_input', '--queue-stall: give milliseconds, at least 500 (e.g. 30000)');
  const conn = queueConnection({ url: opts.queue!, passwordFile: opts.queuePasswordFile, caFile: opts.queueCa });
  const remote = new RemoteCompute(conn.options);
  await publishStallMs(conn.options, stall);
  const report = await reconcileQueue(ctx.db, remote.producer);
  ctx.remote = remote;
  write(`Queue ${conn.describe()}: classification and import analysis run on canting workers (stall interval ${stall} ms)`);
  if (report.stored || report.pending || report.dropped) {
    write(`Queue: ${report.stored} result(s) finished while the server was away stored, ${report.pending} job(s) still queued or running, ${report.dropped} failed job(s) to redo`);
  }
  const stopLog = startQueueLog(ctx, remote, write);
  return {
    remote,
    /** Continue cut-off classification runs; their new run ids. */
    async continueRuns(): Promise<string[]> {
      const runs = await continueClassifyRuns(ctx);
      if (runs.length) write(`Queue: continuing ${runs.length} interrupted classification run(s)`);
      return runs;
    },
    async close(): Promise<void> {
      stopLog();
      await remote.close();
    },
  };
}
