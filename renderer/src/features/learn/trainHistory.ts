import type { EpochLog, JobStatus, TrainResult } from '../../../../electron/common/contract/index.js';

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
  // The epoch travels as numbers (JobStatus.epoch); the message is only its English wording.
  const log = job.epoch;
  if (!log) return history;
  if (log.epoch === 1) return [log];
  return history.some((h) => h.epoch === log.epoch) ? history : [...history, log].sort((a, b) => a.epoch - b.epoch);
}
