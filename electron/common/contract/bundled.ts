import { z } from 'zod';
import { call } from './define.js';
import { Empty } from './shared.js';

/**
 * What went wrong with the models shipped with Canting, found once when the
 * catalogue was opened: English for the CLI and logs, and a key of the
 * interface's `bundled.problems` translations with its values.
 */
export const BundledProblem = z.object({
  message: z.string(),
  messageKey: z.enum(['missing', 'damaged']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type BundledProblem = z.infer<typeof BundledProblem>;

export const BundledModelsState = z.object({
  /** Versions this opening added to the catalogue (a new catalogue, or a release with a new head). */
  added: z.array(z.string()),
  problem: BundledProblem.nullable(),
});
export type BundledModelsState = z.infer<typeof BundledModelsState>;

export const bundledCalls = {
  'models.bundled': call(Empty, BundledModelsState, 'The shipped models registered when the catalogue was opened, and what was wrong with them, if anything'),
};
