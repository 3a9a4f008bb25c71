import { z } from 'zod';
import { call } from './define.js';
import { Empty, EpochLog, IsoTime } from './shared.js';
import { ImportSummary } from './importer.js';
import { ClassifyJobResult, FeaturesJobResult, PrunedEmbeddings } from './classify.js';
import { TrainResult } from './learn.js';
import { ExportJobResult } from './exports.js';

/**
 * Long jobs (import, classify, train, export…) and their status. A finished
 * job's `result` is typed per kind: the core's runner can only finish a job
 * of kind K with JOB_RESULTS[K], and a reader narrows on `kind` instead of
 * casting (issue #16).
 */

/** features: the backbone's vectors without any model (classify.features); prune: deleting an earlier backbone's embeddings (embeddings.prune). */
export const JobKind = z.enum(['import', 'classify', 'features', 'train', 'export', 'prune']);
export type JobKind = z.infer<typeof JobKind>;
export const JobState = z.enum(['queued', 'running', 'done', 'cancelled', 'failed', 'interrupted']);
export type JobState = z.infer<typeof JobState>;

/** What a finished job of each kind returns (JobStatus.result once its state is done). */
export const JOB_RESULTS = {
  import: ImportSummary,
  classify: ClassifyJobResult,
  features: FeaturesJobResult,
  train: TrainResult,
  /** csv, json, iiif or training, told apart by `format`. */
  export: ExportJobResult,
  prune: PrunedEmbeddings,
} as const satisfies Record<JobKind, z.ZodType>;
export type JobResults = { [K in JobKind]: z.infer<(typeof JOB_RESULTS)[K]> };

const JobStatusFields = z.object({
  id: z.string(),
  state: JobState,
  title: z.string(),
  found: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  ratePerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** In English; for a failed job, why. */
  message: z.string().nullable(),
  /**
   * The same message for the interface to word in its language, where it has
   * a wording: a key of `jobMessages` while running, of `apiErrors` once failed.
   */
  messageKey: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  startedAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  /** A train job's latest epoch, as numbers (the training chart reads these, never the message text). */
  epoch: EpochLog.optional(),
});

/** The same fields for every job; `kind` tells which `result` a finished one carries. */
export const JobStatus = z.discriminatedUnion('kind', [
  JobStatusFields.extend({ kind: z.literal('import'), result: JOB_RESULTS.import.optional() }),
  JobStatusFields.extend({ kind: z.literal('classify'), result: JOB_RESULTS.classify.optional() }),
  JobStatusFields.extend({ kind: z.literal('features'), result: JOB_RESULTS.features.optional() }),
  JobStatusFields.extend({ kind: z.literal('train'), result: JOB_RESULTS.train.optional() }),
  JobStatusFields.extend({ kind: z.literal('export'), result: JOB_RESULTS.export.optional() }),
  JobStatusFields.extend({ kind: z.literal('prune'), result: JOB_RESULTS.prune.optional() }),
]);
export type JobStatus = z.infer<typeof JobStatus>;
/** The status of a job of kind K (its result typed as JobResults[K]). */
export type JobStatusOf<K extends JobKind> = Extract<JobStatus, { kind: K }>;

/** A job as it starts: running, nothing counted yet. */
export function startingJob<K extends JobKind>(id: string, kind: K, title: string, found = 0, startedAt = new Date()): JobStatusOf<K> {
  const status = { id, kind, state: 'running', title, found, done: 0, skipped: 0, failed: 0, ratePerSecond: 0, etaSeconds: null, message: null, startedAt: startedAt.toISOString(), finishedAt: null };
  return status as JobStatusOf<K>;
}

/** The result of a job of kind K once it is done; undefined while it runs, after it failed or was cancelled, or for a job of another kind. */
export function jobResult<K extends JobKind>(job: JobStatus | null | undefined, kind: K): JobResults[K] | undefined {
  if (!job || job.kind !== kind || job.state !== 'done') return undefined;
  return (job as JobStatusOf<K>).result as JobResults[K] | undefined;
}

/** Events pushed to the renderer (IPC events or Server-Sent Events). */
export const CantingEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: JobStatus }),
  z.object({ type: z.literal('catalogue-changed'), reason: z.string() }),
]);
export type CantingEvent = z.infer<typeof CantingEvent>;

export const jobsCalls = {
  'jobs.list': call(Empty, z.array(JobStatus), 'Running and recent jobs'),
  'jobs.cancel': call(z.object({ id: z.string().min(1) }).strict(), JobStatus, 'Cancel a running job'),
};
