import { z } from 'zod';

/**
 * What travels on the job queue between a `canting serve --queue` server and
 * `canting worker` processes (issue #20). Both sides validate with these
 * schemas; nothing here may carry a credential (tokens stay in each
 * process's options, never in job data). Bumping QUEUE_PROTOCOL renames the
 * queues, so a worker of another protocol never takes a job it cannot read.
 */
export const QUEUE_PROTOCOL = 1;

/** Queue of import analysis batches (hash, format, metadata, thumbnail, perceptual hash). */
export const ANALYSE_QUEUE = `canting-analyse-p${QUEUE_PROTOCOL}`;

/**
 * Queue of embedding batches for one pipeline (a backbone definition id from
 * classify/backbones/definitions.ts, plus the engine's version): a worker
 * listens only on the pipelines it can run, so it never takes a job it
 * would compute differently.
 */
export function embedQueueName(pipeline: string): string {
  return `canting-embed-p${QUEUE_PROTOCOL}-${pipeline.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** A file as the server sees it: its path on the server (for --map), and how to fetch it over the API otherwise. */
export const QueueFile = z.object({
  /** The server's absolute path; a worker maps it with --map or fetches by `ref`. */
  path: z.string().min(1),
  /** What the server serves the bytes by (worker.file): never a path chosen by the worker. */
  ref: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('image'), imageId: z.number().int().positive() }),
    z.object({ kind: z.literal('importFile'), importJobId: z.number().int().positive(), fileId: z.number().int().positive() }),
  ]),
});
export type QueueFile = z.infer<typeof QueueFile>;

export const EmbedJobData = z.object({
  kind: z.literal('embed'),
  protocol: z.literal(QUEUE_PROTOCOL),
  /** The server's job this batch belongs to (JobStatus.id), for progress and reconciliation after a restart. */
  runId: z.string().min(1),
  /** Pipeline the vectors must come from (embedQueueName's argument). */
  pipeline: z.string().min(1),
  /** A fine-tuned top block's model id (fetched from the server), or null for the frozen backbone. */
  topModelId: z.number().int().positive().nullable(),
  items: z.array(z.object({ key: z.number().int(), file: QueueFile })).min(1),
});
export type EmbedJobData = z.infer<typeof EmbedJobData>;

export const EmbedJobResult = z.object({
  /** The worker's name (host:pid), for the workers list. */
  worker: z.string(),
  pipeline: z.string(),
  dim: z.number().int().positive(),
  keys: z.array(z.number().int()),
  /** keys.length × dim little-endian float32, base64 (JSON-safe in Redis). */
  vectors: z.string(),
  errors: z.array(z.object({ key: z.number().int(), message: z.string() })),
});
export type EmbedJobResult = z.infer<typeof EmbedJobResult>;

export const AnalyseJobData = z.object({
  kind: z.literal('analyse'),
  protocol: z.literal(QUEUE_PROTOCOL),
  runId: z.string().min(1),
  items: z
    .array(
      z.object({
        key: z.number().int(),
        file: QueueFile,
        known: z.object({ size: z.number(), mtimeMs: z.number() }).nullable(),
        maxPixels: z.number().int().positive(),
      }),
    )
    .min(1),
});
export type AnalyseJobData = z.infer<typeof AnalyseJobData>;

/** importer/analyse.ts's AnalyseResult with the thumbnail's bytes as base64 (JSON-safe in Redis). */
export const AnalyseJobResult = z.object({
  worker: z.string(),
  results: z.array(z.record(z.string(), z.unknown()).and(z.object({ key: z.number().int(), kind: z.enum(['image', 'unchanged', 'failed']) }))),
});
export type AnalyseJobResult = z.infer<typeof AnalyseJobResult>;

/** Redis connection options parsed from `--queue redis://[:password@]host:port[/db]` or `rediss://` (TLS). */
export const QueueUrl = z
  .string()
  .url()
  .refine((u) => /^rediss?:$/.test(new URL(u).protocol), { message: 'the queue must be a redis:// or rediss:// (TLS) URL' });
