import { z } from 'zod';

/** Building blocks reused by several parts of the contract. */
export const Id = z.number().int().positive();
export const FacetKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, 'facet key: lowercase letters, digits, - or _');
export const IsoTime = z.string();
export const NonEmpty = z.string().trim().min(1);
export const Empty = z.object({}).strict();
/** Free text a person writes (a review note, a knowledge card's paragraph). */
export const Text = z.string().trim().max(4000);

/** Worker threads of a job that reads images (default: one per core). */
export const Workers = z.number().int().min(1).max(256);

/** A head's labels in output order, for a model folder without manifest.json (straight from tensorflowjs_converter). */
export const HeadLabels = z.array(NonEmpty.max(200)).min(2).max(1000);
/** The version name an imported model is stored under. */
export const ModelVersionName = NonEmpty.max(100);

/** prune: deleting an earlier backbone's embeddings (embeddings.prune). */
export const JobKind = z.enum(['import', 'classify', 'train', 'export', 'prune']);
export const JobState = z.enum(['queued', 'running', 'done', 'cancelled', 'failed', 'interrupted']);

/** One training epoch's numbers (a train job's progress and result carry them as data). */
export const EpochLog = z.object({
  epoch: z.number().int(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number(),
  valAccuracy: z.number(),
  learningRate: z.number(),
});
export type EpochLog = z.infer<typeof EpochLog>;

export const JobStatus = z.object({
  id: z.string(),
  kind: JobKind,
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
  result: z.unknown().optional(),
});
export type JobStatus = z.infer<typeof JobStatus>;

/** A job as it starts: running, nothing counted yet. */
export function startingJob(id: string, kind: JobStatus['kind'], title: string, found = 0, startedAt = new Date()): JobStatus {
  return { id, kind, state: 'running', title, found, done: 0, skipped: 0, failed: 0, ratePerSecond: 0, etaSeconds: null, message: null, startedAt: startedAt.toISOString(), finishedAt: null };
}

/** Events pushed to the renderer (IPC events or Server-Sent Events). */
export const CantingEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: JobStatus }),
  z.object({ type: z.literal('catalogue-changed'), reason: z.string() }),
]);
export type CantingEvent = z.infer<typeof CantingEvent>;
