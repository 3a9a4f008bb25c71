import { jobResult, type EpochLog, type JobStatus } from '../../../../electron/common/contract/index.js';

/**
 * Accumulate per-epoch progress from train job events. Events are throttled,
 * so some epochs may be skipped while running; the finished job's result
 * carries the full history, which then replaces what was collected.
 */
export function nextHistory(history: EpochLog[], job: JobStatus): EpochLog[] {
  const result = jobResult(job, 'train');
  if (result) return result.history;
  // The epoch travels as numbers (JobStatus.epoch); the message is only its English wording.
  const log = job.epoch;
  if (!log) return history;
  if (log.epoch === 1) return [log];
  return history.some((h) => h.epoch === log.epoch) ? history : [...history, log].sort((a, b) => a.epoch - b.epoch);
}
