import { createHash } from 'node:crypto';
import { Job, Queue, QueueEvents, type RedisOptions as BullRedisOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

export type Outcome<T> = { ok: true; value: T; worker?: string } | { ok: false; reason: string; stopped?: boolean; closed?: boolean };

const CLOSED = { ok: false, reason: 'the server closed its queue connection', stopped: true, closed: true } as const;

/**
 * A queue job's id from what it computes: the same batch always gets the same
 * id, so adding it again (a retry, or the run continued after a server
 * restart) finds the job already queued, running or done instead of queueing
 * the work twice. BullMQ ids may not contain ':'.
 */
export function batchJobId(kind: string, scope: string, keys: readonly number[]): string {
  const h = createHash('sha256').update(`${kind}\n${scope}\n${[...keys].sort((a, b) => a - b).join(',')}`).digest('hex').slice(0, 24);
  return `${kind}-${h}`;
}

/**
 * The server's side of the job queue: adds batches and waits for their
 * results. Results stay in Redis until the server has read them (a server
 * killed meanwhile finds them again: reconcile.ts), then the job is removed.
 * Waiting listens to the queue's events and also looks every `pollMs`, so an
 * event missed while Redis restarted delays a result, never loses it.
 */
export class QueueProducer {
  private readonly queues = new Map<string, Queue>();
  private readonly events = new Map<string, QueueEvents>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(
    readonly connection: RedisOptions,
    private readonly opts: { pollMs?: number } = {},
  ) {}

  queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection as BullRedisOptions });
      // ioredis reconnects by itself; while Redis restarts, commands wait and these errors are transient.
      q.on('error', () => {});
      this.queues.set(name, q);
      const ev = new QueueEvents(name, { connection: this.connection as BullRedisOptions });
      ev.on('error', () => {});
      const wake = ({ jobId }: { jobId: string }) => {
        for (const w of this.waiters.get(`${name}/${jobId}`) ?? []) w();
      };
      ev.on('completed', wake);
      ev.on('failed', wake);
      this.events.set(name, ev);
    }
    return q;
  }

  /** Queues opened so far (the progress log reads their counts and workers). */
  openQueues(): Queue[] {
    return [...this.queues.values()];
  }

  private sleep(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (!set.size) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  /**
   * Add a job (or find the one with its id) and wait for its outcome. A
   * failure counts after `attempts` tries. On `signal`, a job not yet taken
   * is withdrawn; one a worker holds is left to finish (its result waits
   * in Redis for the run to be continued).
   */
  async run<T>(queueName: string, jobId: string, data: { kind: string }, attempts: number, signal?: AbortSignal): Promise<Outcome<T>> {
    const q = this.queue(queueName);
    const key = `${queueName}/${jobId}`;
    const add = () => q.add(data.kind, data, { jobId, attempts, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: false, removeOnFail: false });
    // Closing: add nothing more (a new Queue would open connections again); a batch cut off here stays for the next start.
    if (this.closed) return CLOSED;
    try {
      await add();
    } catch (err) {
      if (this.closed) return CLOSED;
      throw err;
    }
    const pollMs = this.opts.pollMs ?? 1000;
    for (;;) {
      // The server is shutting down: the job stays in Redis for the run's continuation (reconcile.ts).
      if (this.closed) return CLOSED;
      if (signal?.aborted) {
        await q.remove(jobId).catch(() => 0); // refused while a worker holds it
        return { ok: false, reason: 'stopped', stopped: true };
      }
      let job: Job | undefined;
      try {
        job = await Job.fromId(q, jobId);
        if (!job) {
          // Removed meanwhile (e.g. read by a reconcile): queue it again; its result is idempotent.
          await add();
          continue;
        }
        const state = await job.getState();
        // Read the job again after its state: fetched while it ran, it has no result yet.
        if (state === 'completed' || state === 'failed') job = (await Job.fromId(q, jobId)) ?? job;
        if (state === 'completed') {
          const value = job.returnvalue as T;
          await job.remove().catch(() => {});
          return { ok: true, value };
        }
        if (state === 'failed') {
          const reason = job.failedReason || 'the job failed';
          await job.remove().catch(() => {});
          return { ok: false, reason };
        }
      } catch {
        // Redis is restarting: look again shortly.
      }
      await this.sleep(key, pollMs);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of this.waiters.values()) for (const w of [...set]) w();
    await Promise.allSettled([...this.events.values()].map((e) => e.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.events.clear();
    this.queues.clear();
  }
}
