import { randomUUID } from 'node:crypto';
import { ApiError, type MessageParams } from '../../common/errors.js';
import { startingJob, type EpochLog, type JobKind, type JobResults, type JobStatus } from '../../common/contract/index.js';
import type { EventBus } from './events.js';

export type { JobKind };

/** A started job: its id, and its end (the result the contract declares for its kind). */
export interface StartedJob<K extends JobKind> {
  id: string;
  done: Promise<JobResults[K]>;
}

export interface JobProgress {
  found?: number;
  done?: number;
  skipped?: number;
  failed?: number;
  message?: string | null;
  /** The message's key in the interface's `jobMessages` and its values; a message without one clears the last. */
  messageKey?: string;
  params?: MessageParams;
  /** A train job's latest epoch (JobStatus.epoch). */
  epoch?: EpochLog;
  /**
   * The counts and time so far say nothing of how fast the rest goes (read from a cache, done by
   * an earlier run, or spent scanning and starting workers): rate and ETA are measured from here.
   */
  rateFromHere?: boolean;
}

/** What a running job may do: report progress and notice cancellation. */
export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(update: JobProgress): void;
  throwIfCancelled(): void;
}

export class CancelledError extends ApiError {
  constructor() {
    super('cancelled', 'Cancelled by the user');
    this.translated('cancelled');
  }
}

const EMIT_INTERVAL_MS = 200;

/**
 * Runs long jobs (import, classify, train, export), keeps their status, and
 * throttles progress events so a 10,000-file import does not flood the UI.
 * Rate and ETA are computed here, once, for every kind of job.
 */
export class JobRunner {
  private readonly jobs = new Map<string, { status: JobStatus; controller: AbortController; done: Promise<unknown> }>();

  constructor(
    private readonly events: EventBus,
    /** Turns a failed job's error into the message its status shows. */
    private readonly describeError: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err)),
  ) {}

  /** A job of kind K can only finish with that kind's result (JobResults[K]), which its status then carries. */
  start<K extends JobKind>(kind: K, title: string, work: (ctx: JobContext) => Promise<JobResults[K]>): StartedJob<K> {
    const id = `${kind}-${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const started = Date.now();
    const status: JobStatus = startingJob(id, kind, title, 0, new Date(started));
    // Where the rate is measured from: the start, or the job's last rateFromHere report.
    let base = { at: started, processed: 0 };
    let lastEmit = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const emit = (force = false) => {
      const now = Date.now();
      if (!force && now - lastEmit < EMIT_INTERVAL_MS) {
        // A throttled update is still sent at the end of the interval: the last one before a long silent step (compacting) must show.
        trailing ??= setTimeout(() => {
          trailing = null;
          emit(true);
        }, EMIT_INTERVAL_MS - (now - lastEmit));
        return;
      }
      if (trailing) clearTimeout(trailing);
      trailing = null;
      lastEmit = now;
      this.events.emit({ type: 'job', job: { ...status } });
    };
    const ctx: JobContext = {
      id,
      signal: controller.signal,
      progress(update) {
        if (update.message !== undefined) {
          status.messageKey = update.messageKey;
          status.params = update.params;
        }
        const { messageKey: _key, params: _params, rateFromHere, ...counts } = update;
        Object.assign(status, Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined)));
        const processed = status.done + status.skipped + status.failed;
        if (rateFromHere) base = { at: Date.now(), processed };
        const elapsed = (Date.now() - base.at) / 1000;
        status.ratePerSecond = elapsed > 0 ? (processed - base.processed) / elapsed : 0;
        const left = Math.max(0, status.found - processed);
        status.etaSeconds = status.ratePerSecond > 0 ? left / status.ratePerSecond : null;
        emit();
      },
      throwIfCancelled() {
        if (controller.signal.aborted) throw new CancelledError();
      },
    };
    const done = (async () => {
      emit(true);
      try {
        const result = await work(ctx);
        status.state = controller.signal.aborted ? 'cancelled' : 'done';
        // status's kind is K (startingJob above), so this is its kind's result.
        Object.assign(status, { result });
        return result;
      } catch (err) {
        status.state = err instanceof CancelledError || controller.signal.aborted ? 'cancelled' : 'failed';
        status.message = this.describeError(err);
        // A failure the interface can word in its language (see ApiError.translated).
        status.messageKey = err instanceof ApiError ? err.messageKey : undefined;
        status.params = err instanceof ApiError ? err.params : undefined;
        throw err;
      } finally {
        status.finishedAt = new Date().toISOString();
        status.etaSeconds = 0;
        emit(true);
      }
    })();
    // The caller may not await; a failed job is reported through its status.
    done.catch(() => undefined);
    this.jobs.set(id, { status, controller, done });
    return { id, done };
  }

  list(): JobStatus[] {
    return [...this.jobs.values()].map((j) => ({ ...j.status }));
  }

  get(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError('not_found', `No job with id ${id}`);
    return { ...job.status };
  }

  /**
   * The job's end: its result, or its error (a caller that started it through the API and must not exit under it, such as the CLI).
   * The kind is checked, so the result is the one the contract declares for it.
   */
  wait<K extends JobKind>(id: string, kind: K): Promise<JobResults[K]> {
    const job = this.jobs.get(id);
    if (!job) return Promise.reject(new ApiError('not_found', `No job with id ${id}`));
    if (job.status.kind !== kind) return Promise.reject(new ApiError('internal', `Job ${id} is a ${job.status.kind} job, not ${kind}`));
    return job.done as Promise<JobResults[K]>;
  }

  cancel(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError('not_found', `No job with id ${id}`);
    if (job.status.state === 'running') job.controller.abort();
    return { ...job.status };
  }

  /** Cancel everything and wait for it to settle (app shutdown). */
  async shutdown(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
  }
}
