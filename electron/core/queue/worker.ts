import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import {
  ANALYSE_QUEUE,
  AnalyseJobData,
  EmbedJobData,
  QUEUE_PROTOCOL,
  embedQueueName,
  type AnalyseJobResult,
  type EmbedJobResult,
  type QueueFile,
} from '../../common/queue-protocol.js';
import type { QueueRedisOptions } from './connection.js';
import { executeAnalyseJob, executeEmbedJob, type EmbedEngine } from './execute.js';

/**
 * The consuming side of the queue in a `canting worker` process: one BullMQ
 * worker per pipeline it can run (and one for import analysis), each job
 * checked before it runs, totals for the heartbeat, and a look at the queues
 * it does not listen on, so that jobs it cannot run are refused with a reason
 * instead of waiting unexplained. Sign-in and heartbeats are the CLI's
 * (they speak HTTP); this module speaks only Redis.
 */

export interface QueueWorkerOptions {
  connection: QueueRedisOptions;
  /** host:pid, carried in every result. */
  name: string;
  /** The pipelines it can run (pipeline.ts's names). */
  pipelines: string[];
  /** Also take import analysis jobs (hash, format, metadata, thumbnail). */
  analyse: boolean;
  /** Jobs at once, per queue. */
  concurrency: number;
  readFile(file: QueueFile): Promise<Buffer>;
  engine(pipeline: string, topModelId: number | null): Promise<EmbedEngine>;
  /** How long a job's lock lasts without renewal: a worker killed mid-job loses its jobs to others after about this long. */
  lockMs?: number;
  /** How often queues it does not listen on are looked at (ms). */
  scanMs?: number;
  log(line: string): void;
  /** Sees every job's data as it arrives (the bench announces jobs; tests check what travels on the queue). */
  onJob?(data: unknown): void;
  /** After each job done (its id and photos), with the totals so far. */
  onCompleted?(jobId: string, images: number, totals: WorkerTotals): void;
}

export interface WorkerTotals {
  jobsDone: number;
  imagesDone: number;
  jobsFailed: number;
  /** Jobs running now: whether the worker is busy or idle, which a rate over the last heartbeat cannot tell (a slow batch spans several). */
  running: number;
}

/** Jobs waiting in a queue this worker does not take, and why. */
export interface Refusal {
  queue: string;
  waiting: number;
  reason: string;
}

export interface RunningQueueWorker {
  totals(): WorkerTotals;
  refusals(): Refusal[];
  /** Stop taking jobs; the ones running finish first (BullMQ's graceful close). */
  close(): Promise<void>;
}

/** BullMQ's default key prefix: queues are `bull:<name>:…` in Redis. */
const PREFIX = 'bull';

/** Why a job on this worker's queue is not one it may run (null: it may). */
export function refuseEmbedJob(pipeline: string, data: EmbedJobData): string | null {
  return data.pipeline === pipeline ? null : `this worker runs ${pipeline}, the job needs ${data.pipeline}`;
}

function invalid(kind: string, job: Job, issues: string): UnrecoverableError {
  return new UnrecoverableError(`not ${kind} job of queue protocol ${QUEUE_PROTOCOL} (${job.queueName} ${job.id}): ${issues}`);
}

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<RunningQueueWorker> {
  const totals: WorkerTotals = { jobsDone: 0, imagesDone: 0, jobsFailed: 0, running: 0 };
  /** Counts a job as running while its work runs, whatever way it ends. */
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    totals.running++;
    try {
      return await work();
    } finally {
      totals.running--;
    }
  };
  const lockDuration = opts.lockMs ?? 30_000;
  const common = { connection: opts.connection, concurrency: opts.concurrency, lockDuration, stalledInterval: lockDuration, autorun: true };

  const embedWorker = (pipeline: string) =>
    new Worker<unknown, EmbedJobResult>(
      embedQueueName(pipeline),
      async (job) => counted(async () => {
        opts.onJob?.(job.data);
        const parsed = EmbedJobData.safeParse(job.data);
        if (!parsed.success) throw invalid('an embedding', job, parsed.error.issues.map((i) => i.message).join('; '));
        // The queue is named for the pipeline, but the data decides what is computed: never vectors of another pipeline.
        const refused = refuseEmbedJob(pipeline, parsed.data);
        if (refused) throw new UnrecoverableError(refused);
        const result = await executeEmbedJob(parsed.data, { readFile: opts.readFile, worker: opts.name, engine: opts.engine });
        totals.jobsDone++;
        totals.imagesDone += result.keys.length;
        opts.onCompleted?.(`${job.queueName}/${job.id}`, result.keys.length, { ...totals });
        return result;
      }),
      common,
    );
  const analyseWorker = () =>
    new Worker<unknown, AnalyseJobResult>(
      ANALYSE_QUEUE,
      async (job) => counted(async () => {
        opts.onJob?.(job.data);
        const parsed = AnalyseJobData.safeParse(job.data);
        if (!parsed.success) throw invalid('an analysis', job, parsed.error.issues.map((i) => i.message).join('; '));
        const result = await executeAnalyseJob(parsed.data, { readFile: opts.readFile, worker: opts.name });
        totals.jobsDone++;
        totals.imagesDone += result.results.length;
        opts.onCompleted?.(`${job.queueName}/${job.id}`, result.results.length, { ...totals });
        return result;
      }),
      common,
    );

  const workers = [...opts.pipelines.map(embedWorker), ...(opts.analyse ? [analyseWorker()] : [])];
  for (const w of workers) {
    w.on('failed', (job, err) => {
      totals.jobsFailed++;
      opts.log(`job ${job?.id ?? '?'} of ${w.name} failed: ${err.message}`);
    });
    // A lost connection is retried by ioredis; say so once per error instead of crashing.
    w.on('error', (err) => opts.log(`queue ${w.name}: ${err.message}`));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));

  const mine = new Set(workers.map((w) => w.name));
  const scanner = new QueueScanner(opts.connection, mine, opts.pipelines, opts.log);
  await scanner.scan().catch(() => undefined);
  const timer = setInterval(() => void scanner.scan().catch(() => undefined), opts.scanMs ?? 10_000);
  timer.unref();

  return {
    totals: () => ({ ...totals }),
    refusals: () => scanner.refusals,
    close: async () => {
      clearInterval(timer);
      await Promise.all(workers.map((w) => w.close()));
      await scanner.close();
    },
  };
}

/**
 * Looks at Canting's queues this worker does not listen on. A job waiting
 * there needs a pipeline (or queue protocol) this worker does not have; the
 * worker says so once per queue and reason, and leaves the job for a worker
 * that can run it.
 */
class QueueScanner {
  refusals: Refusal[] = [];
  private readonly said = new Set<string>();
  private readonly redis: Redis;

  constructor(
    connection: QueueRedisOptions,
    private readonly mine: Set<string>,
    private readonly pipelines: string[],
    private readonly log: (line: string) => void,
  ) {
    this.redis = new Redis({ ...connection, lazyConnect: true });
  }

  private busy = false;

  /** One look at a time: while Redis is away a look waits, and the next ones are skipped. */
  async scan(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.look();
    } finally {
      this.busy = false;
    }
  }

  private async look(): Promise<void> {
    const names = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${PREFIX}:canting-*:meta`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) names.add(key.slice(PREFIX.length + 1, -':meta'.length));
    } while (cursor !== '0');
    const found: Refusal[] = [];
    for (const queue of [...names].filter((n) => !this.mine.has(n)).sort()) {
      const q = new Queue(queue, { connection: this.redis });
      try {
        const waiting = await q.getWaitingCount();
        if (!waiting) continue;
        const [job] = await q.getWaiting(0, 0);
        const reason = this.reason(queue, job?.data as { pipeline?: unknown; protocol?: unknown } | undefined);
        found.push({ queue, waiting, reason });
        if (!this.said.has(`${queue}\n${reason}`)) {
          this.said.add(`${queue}\n${reason}`);
          this.log(`not taking ${waiting} job(s) waiting in ${queue}: ${reason}`);
        }
      } finally {
        await q.close();
      }
    }
    this.refusals = found;
  }

  private reason(queue: string, data: { pipeline?: unknown; protocol?: unknown } | undefined): string {
    const protocol = /^canting-(?:embed|analyse)-p(\d+)/.exec(queue)?.[1];
    if (protocol && Number(protocol) !== QUEUE_PROTOCOL) {
      return `the jobs need queue protocol ${protocol}, this worker speaks ${QUEUE_PROTOCOL} (run the server's Canting version)`;
    }
    if (typeof data?.pipeline === 'string') {
      const runs = this.pipelines.length ? this.pipelines.join(', ') : 'no embedding pipeline';
      return `this worker runs ${runs}, the jobs need ${data.pipeline}`;
    }
    return queue.startsWith('canting-analyse') ? 'this worker does not take import analysis (--no-analyse)' : 'this worker does not take these jobs';
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
