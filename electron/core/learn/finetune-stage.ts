import type { Database } from 'better-sqlite3';
import type { TrainNote } from '../../common/contract/index.js';
import { trainNote } from './train-notes.js';
import { putEmbeddings } from '../classify/embeddings.js';
import { pipelined } from '../classify/pool.js';
import { decodeImage, toBackboneInput } from '../classify/preprocess.js';
import { EMBEDDING_DIM, INPUT_SIZE, TOP_INPUT_DIM } from '../classify/backbone-info.js';
import { serialiseTop, topBackboneId, type TopBlock } from '../classify/top-block.js';
import { linearHead } from '../models/head.js';
import { AUGMENTATIONS, augmentedBatch, imageFiles, type Embedder } from './augment.js';
import type { TrainingSet } from './dataset.js';
import type { FineTuneEpoch, FineTuned } from './finetune.js';
import type { TrainPhase } from './train-phase.js';
import { fineTuneOnThread } from './finetune-thread.js';
import { headMetrics } from './head-metrics.js';
import type { TrainedHead } from './train.js';

/**
 * The fine-tuning stage of a training run (run.ts, `fineTune`): block 16's
 * output for every image of the training set (view 0, plus augmented views on
 * the training side as memory allows), then fineTuneTop from the head-only
 * model, then the new embeddings of those images cached under the fine-tuned
 * backbone's id (so comparing, reporting and classifying with the version
 * reuse them). Returns null, with the reason in `notes`, when fine-tuning
 * cannot run or does not improve on the head-only model.
 */

/** Block-16 maps held in memory at once (62.7 KB each): about 380 MB. More images → fewer augmented views each. */
export const MAX_TOP_INPUTS = 6000;
const BATCH = 8;
/** Batches in flight: enough to keep two workers busy while the next ones decode. */
const IN_FLIGHT = 4;

export interface FineTuneStageResult {
  trained: TrainedHead;
  backboneTop: Buffer;
  backboneId: string;
  fineTune: { history: FineTuneEpoch[]; bestEpoch: number; options: FineTuned['options']; views: number; headOnlyValidationAccuracy: number; backend: string };
}

export async function fineTuneStage(
  db: Database,
  set: TrainingSet,
  headOnly: TrainedHead,
  topInput: Embedder,
  opts: {
    augment: boolean;
    seed?: number;
    epochs?: number;
    /** Block-16 maps held at most (default MAX_TOP_INPUTS). */
    maxInputs?: number;
    /** The top block to start from (default: the backbone's own). */
    startTop?: TopBlock;
    signal?: AbortSignal;
    notes: TrainNote[];
    onPhase?: (phase: TrainPhase) => void;
    onEpoch?: (log: FineTuneEpoch) => void;
  },
): Promise<FineTuneStageResult | null> {
  const maxInputs = opts.maxInputs ?? MAX_TOP_INPUTS;
  if (set.imageIds.length > maxInputs) {
    // ~63 KB per image held in memory for the whole run; past this, train the head only rather than risk running out.
    const mb = Math.round((maxInputs * TOP_INPUT_DIM * 4) / 1e6);
    opts.notes.push(
      trainNote(
        `fine-tuning skipped: ${set.imageIds.length} reviewed images are more than the ${maxInputs} whose block-16 maps it holds in memory (~${mb} MB); the head-only model was registered`,
        'fineTuneTooMany',
        { images: set.imageIds.length, max: maxInputs, mb },
      ),
    );
    return null;
  }
  const files = imageFiles(db, set.imageIds);
  const trainSide = new Set(headOnly.split.train);
  const maxViews = opts.augment ? Math.max(0, Math.min(AUGMENTATIONS.length, Math.floor(maxInputs / Math.max(1, headOnly.split.train.length)) - 1)) : 0;
  const views = AUGMENTATIONS.slice(0, maxViews).map((a) => a.view);
  const todo = set.imageIds.flatMap((id, index) => [{ index, view: 0 }, ...(trainSide.has(index) ? views.map((view) => ({ index, view })) : [])]);
  const inputs: Float32Array[][] = set.imageIds.map(() => []);
  const size = INPUT_SIZE * INPUT_SIZE * 3;
  const failed: string[] = [];
  let done = 0;
  // Counted from 0: the time left is at this phase's pace, not the head's training before it.
  opts.onPhase?.({ message: `fine-tuning: block 16 features 0/${todo.length}`, key: 'fineTuneFeatures', progress: { done: 0, total: todo.length } });
  // Batches overlap (decoding of one while the workers run others), as in the classify job.
  await pipelined(
    todo,
    BATCH,
    IN_FLIGHT,
    async (part) => {
      const plain = part.filter((t) => t.view === 0);
      const augmented = part.filter((t) => t.view > 0);
      const pixels = new Float32Array(part.length * size);
      const ok: typeof part = [];
      for (const t of plain) {
        const file = files.get(set.imageIds[t.index]);
        try {
          toBackboneInput(await decodeImage(file ?? ''), pixels, ok.length * size);
          ok.push(t);
        } catch (err) {
          failed.push(`${file ?? `image ${set.imageIds[t.index]}`}: ${(err as Error).message}`);
        }
      }
      const made = await augmentedBatch(augmented.map((t) => ({ file: files.get(set.imageIds[t.index]), view: t.view })));
      for (const f of made.failed) failed.push(`${files.get(set.imageIds[augmented[f.index].index]) ?? 'image'}: ${f.message}`);
      pixels.set(made.pixels, ok.length * size);
      ok.push(...made.ok.map((i) => augmented[i]));
      return { ok, out: ok.length ? await topInput(pixels.subarray(0, ok.length * size), ok.length) : new Float32Array(0) };
    },
    ({ ok, out }, part) => {
      const dim = ok.length ? out.length / ok.length : 0;
      ok.forEach((t, i) => {
        inputs[t.index][t.view === 0 ? 0 : 1 + views.indexOf(t.view)] = out.slice(i * dim, (i + 1) * dim);
      });
      done += part.length;
      opts.onPhase?.({ message: `fine-tuning: block 16 features ${done}/${todo.length}`, key: 'fineTuneFeatures', progress: { done, total: todo.length } });
    },
    () => failed.length > 0 || Boolean(opts.signal?.aborted),
  );
  if (opts.signal?.aborted) return null;
  if (failed.length) {
    // The split is over all images of the set; training on fewer would need a new split, so the head-only model stands.
    opts.notes.push(
      trainNote(`fine-tuning skipped: ${failed.length} image(s) could not be read now (${failed[0]}); the head-only model was registered`, 'fineTuneUnreadable', { count: failed.length, file: failed[0] }),
    );
    return null;
  }

  const k = set.labels.length;
  const [kernelT, biasT] = headOnly.model.getWeights();
  const start = { headKernel: (await kernelT.data()) as Float32Array, headBias: (await biasT.data()) as Float32Array, top: opts.startTop };
  opts.onPhase?.({ message: 'fine-tuning', key: 'fineTuning' });
  // On its own thread (the block-16 maps are handed over, not copied): minutes of work off the main loop.
  const { tuned, embeddings, backend } = await fineTuneOnThread(
    set.examples.map((e, i) => ({ inputs: inputs[i], label: e.label })),
    k,
    start,
    { split: headOnly.split, classWeights: headOnly.classWeights, seed: opts.seed, epochs: opts.epochs, signal: opts.signal, onEpoch: opts.onEpoch },
  );
  const headOnlyValidationAccuracy = headOnly.metrics.validation.accuracy;
  if (!tuned.improved) {
    opts.notes.push(trainNote('fine-tuning the top block did not lower the validation loss of the head-only model, so the head-only model was registered', 'fineTuneNoGain'));
    return null;
  }

  const backboneTop = serialiseTop(tuned.top);
  const backboneId = topBackboneId(backboneTop);
  putEmbeddings(db, backboneId, embeddings.map((vector, i) => ({ imageId: set.imageIds[i], vector })));

  const model = linearHead(tuned.headKernel, tuned.headBias, { inputDim: EMBEDDING_DIM, dropout: headOnly.options.dropout, seed: headOnly.options.seed });
  const rowsOf = (idx: readonly number[]) => ({ rows: idx.map((i) => embeddings[i]), truth: idx.map((i) => set.examples[i].label) });
  const { metrics, validationProbs } = headMetrics(model, set.labels, EMBEDDING_DIM, rowsOf(headOnly.split.train), rowsOf(headOnly.split.validation));
  return {
    // Fine-tuning retrains the head, so the head-only calibration does not carry over.
    trained: { ...headOnly, model, metrics, validationProbs, temperature: 1 },
    backboneTop,
    backboneId,
    fineTune: { history: tuned.history, bestEpoch: tuned.bestEpoch, options: tuned.options, views: views.length, headOnlyValidationAccuracy, backend },
  };
}
