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
