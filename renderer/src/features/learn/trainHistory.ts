import { parseEpochMessage, type EpochLog, type TrainResult } from '../../../../electron/common/contract/learn.js';
import type { JobStatus } from '../../../../electron/common/contract/index.js';

/**
 * Accumulate per-epoch progress from train job events. Events are throttled,
 * so some epochs may be skipped while running; the finished job's result
 * carries the full history, which then replaces what was collected.
 */
export function nextHistory(history: EpochLog[], job: JobStatus): EpochLog[] {
  if (job.state === 'done' && job.result) {
    const r = job.result as TrainResult;
    if (Array.isArray(r.history)) return r.history;
  }
  const log = parseEpochMessage(job.message);
  if (!log) return history;
  if (log.epoch === 1) return [log];
  return history.some((h) => h.epoch === log.epoch) ? history : [...history, log].sort((a, b) => a.epoch - b.epoch);
}
