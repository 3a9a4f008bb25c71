import { formatEpochMessage, formatFineTuneMessage } from '../../common/contract/learn.js';
import type { JobServices } from '../jobs/services.js';
import { EnginePool } from '../classify/pool.js';
import { prepareTraining, trainFacet, type TrainFacetHooks, type TrainFacetParams, type TrainFacetResult } from './run.js';

/**
 * A training run as a job (progress per phase and epoch, cancel), shared by
 * the Train button (learn.train) and the first model of a new facet
 * (workflows/first-model.ts). Refuses bad data before the job starts, with what is
 * missing.
 */
/** The Train button's job title for a facet (the first model looks for it, so as not to run beside it). */
export const trainJobTitle = (facet: string) => `Train ${facet}`;

/** Augmented views are on unless the caller says otherwise (they need the backbone, computed once and cached). */
/** The backbone for augmented views and fine-tuning: one engine worker beside the app. */
const engineEmbedder: NonNullable<TrainFacetHooks['openEmbedder']> = async (output) => {
  const pool = await EnginePool.start({ workers: 1, output });
  return { embed: (px, n) => pool.embedPixels(px, n), close: () => pool.close() };
};

export function startTrainJob(ctx: JobServices, input: TrainFacetParams, title = trainJobTitle(input.facet), openEmbedder = engineEmbedder) {
  const params = { ...input, augment: input.augment ?? true };
  const set = prepareTraining(ctx.db, params);
  const job = ctx.jobs.start('train', title, async (jc): Promise<TrainFacetResult> => {
    const result = await trainFacet(ctx.db, params, {
      signal: jc.signal,
      // A phase that counts (augmented views, epochs) starts at 0: rate and ETA are that phase's, not the job's so far.
      onPhase: ({ message, key, progress: p }) =>
        jc.progress({ message, messageKey: key, params: p ?? {}, ...(p ? { found: p.total, done: p.done, rateFromHere: p.done === 0 } : {}) }),
      onEpoch: (log, max) =>
        jc.progress({ found: max, done: log.epoch, epoch: log, message: formatEpochMessage(log, max), messageKey: 'trainingEpoch', params: { epoch: log.epoch, max } }),
      onFineTuneEpoch: (log) => jc.progress({ message: formatFineTuneMessage(log) }),
      openEmbedder,
    });
    jc.progress({ done: result.history.length, found: result.history.length, message: `trained ${result.version.version}` });
    ctx.events.emit({ type: 'catalogue-changed', reason: 'model-trained' });
    return result;
  });
  return { job, set };
}
