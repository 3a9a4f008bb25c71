import { z } from 'zod';
import { call } from './define.js';
import { Empty, IsoTime } from './shared.js';
import { QueueFile } from '../queue-protocol.js';

/**
 * `canting worker` processes (issue #20) check in with the server they work
 * for, report how far they are, and fetch photos they cannot read from shared
 * storage. The worker role may make only these calls (permissions.ts); the
 * list is for the people who run the catalogue.
 */

/** `<backbone definition id>@tfjs-<version>`: what a worker can compute, and what an embedding job needs. */
export const PipelineName = z.string().min(1).max(300);

export const WorkerHello = z
  .object({
    host: z.string().trim().min(1).max(255),
    pid: z.number().int().positive(),
    pipelines: z.array(PipelineName).max(50),
    concurrency: z.number().int().min(1).max(256),
    /** The worker's Canting version, shown in the list (a mismatch explains refusals). */
    version: z.string().max(50),
  })
  .strict();

export const WorkerInfo = z.object({
  /** host:pid, the name results carry. */
  name: z.string(),
  host: z.string(),
  pid: z.number().int(),
  /** The account it signed in with. */
  username: z.string().nullable(),
  version: z.string(),
  pipelines: z.array(z.string()),
  concurrency: z.number().int(),
  startedAt: IsoTime,
  lastSeenAt: IsoTime,
  jobsDone: z.number().int().min(0),
  imagesDone: z.number().int().min(0),
  /** Over the worker's last heartbeat interval. */
  imagesPerSecond: z.number().min(0),
  /** Jobs waiting that this worker will not take, and why ("this worker runs X, the jobs need Y"); absent: none reported. */
  refusing: z.array(z.string()).optional(),
  /** working: seen within a few heartbeats; stopped: said goodbye; lost: silent for longer (killed, cut off). */
  state: z.enum(['working', 'stopped', 'lost']),
  /**
   * A working worker with a job running now (or, from a worker that does not report its running jobs, one that
   * computed images over its last heartbeat); false: connected and idle, waiting for work.
   */
  busy: z.boolean(),
});
export type WorkerInfo = z.infer<typeof WorkerInfo>;

const WorkerName = z.string().min(1).max(300);

export const workersCalls = {
  'worker.hello': call(
    WorkerHello,
    z.object({ name: WorkerName, heartbeatMs: z.number().int().positive() }),
    'A worker checks in: its host, process, the pipelines it can run and how many jobs at once',
  ),
  'worker.heartbeat': call(
    z
      .object({
        name: WorkerName,
        jobsDone: z.number().int().min(0),
        imagesDone: z.number().int().min(0),
        imagesPerSecond: z.number().min(0),
        /** Jobs running now; absent from a worker of an earlier release. */
        running: z.number().int().min(0).optional(),
        refusing: z.array(z.string().max(1000)).max(50).default([]),
      })
      .strict(),
    /** known: false after the server restarted (the worker checks in again). */
    z.object({ known: z.boolean() }),
    'A worker reports its totals; the server answers whether it still knows it',
  ),
  'worker.bye': call(z.object({ name: WorkerName }).strict(), z.object({ known: z.boolean() }), 'A worker stops (listed as stopped)'),
  'worker.file': call(
    z.object({ ref: QueueFile.shape.ref }).strict(),
    z.object({ base64: z.string(), sizeBytes: z.number().int().min(0) }),
    "One photo's bytes, by the reference the server put in the job (never a path chosen by the worker)",
  ),
  'workers.list': call(Empty, z.array(WorkerInfo), 'Workers that checked in since the server started: host, jobs done, images per second, last seen'),
};
