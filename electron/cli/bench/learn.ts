import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { APP_ROOT } from '../../core/app/paths.js';
import { ensureBackend } from '../../core/classify/backend.js';
import { readLabelledFolder, type LabelledFile } from '../../core/classify/labelled-folder.js';
import { benchFeatures } from './feature-cache.js';
import { blockSplit, MOTIF_LABELS, TEST_BLOCKS } from '../../core/workflows/train-default.js';
import { nextBatch, type Strategy } from '../../core/learn/active.js';
import { AUGMENTATIONS } from '../../core/learn/augment.js';
import { BACKBONES, findBackbone, MOBILENET_V2 } from '../../core/classify/backbones/definitions.js';
import { seededRandom, shuffled } from '../../core/random.js';
import { trainHead, type TrainingExample } from '../../core/learn/train.js';
import { heldOutAccuracy, round } from './held-out.js';

/**
 * `canting bench learn` (npm run bench:learn). Simulates validators on
 * batik-irina4: an empty facet, labels revealed in the order the
 * active-learning loop asks for them, a retrain after every batch, and the
 * accuracy on a fixed held-out BLOCK split (never random: the set has runs of
 * photos of the same cloth) after 20, 50, 100, 200… labels, next to random
 * selection of the same sizes. Embeddings are computed once and cached under
 * .bench/learn/ so reruns only measure learning.
 */

const CHECKPOINTS = [20, 50, 100, 200, 300, 400, 500, 600];
const RANDOM_SEEDS = [1, 2, 3];
/** Active-learning runs, from seeds --seed + 0, 1, 2. */
const ACTIVE_RUNS = [0, 1, 2];

interface Item {
  file: string;
  label: number;
  vector: Float32Array;
  views: Float32Array[];
}


/**
 * Train with the app's recipe on the labelled items (its own 80/20 split for
 * early stopping) and measure accuracy on the held-out blocks. Labels with no
 * example yet are left out of the head, as the app cannot train them either.
 */
async function trainAndTest(
  labelled: Item[],
  test: Item[],
  seed: number,
  augment: boolean,
  featurePool: readonly Float32Array[],
): Promise<{ accuracy: number; seconds: number; epochs: number }> {
  const present = MOTIF_LABELS.map((_, c) => c).filter((c) => labelled.some((it) => it.label === c));
  if (present.length < 2) return { accuracy: test.filter((t) => t.label === present[0]).length / test.length, seconds: 0, epochs: 0 };
  const remap = new Map(present.map((c, i) => [c, i]));
  const examples: TrainingExample[] = labelled.map((it) => ({ vector: it.vector, label: remap.get(it.label)!, group: null, views: augment ? it.views : undefined }));
  const t0 = performance.now();
  const r = await trainHead(examples, present.map((c) => MOTIF_LABELS[c]), { seed, minPerLabel: 1, featurePool });
  const seconds = (performance.now() - t0) / 1000;
  const accuracy = heldOutAccuracy(r.model, test.map((t) => t.vector), test.map((t) => t.label), { classes: present.length, classOf: (c) => present[c] });
  r.model.dispose();
  return { accuracy: round(accuracy), seconds: round(seconds, 2), epochs: r.history.length };
}

interface LearnBenchOptions {
  dataset: string;
  augment?: boolean;
  seed: number;
  workers?: number;
  strategy: Strategy;
  typicalUntil?: number;
  folds?: boolean;
  /** The feature pipeline (backbone definition id) whose embeddings the learning runs on. */
  pipeline: string;
}


export function registerLearnBench(bench: Command): void {
  bench
    .command('learn')
    .description('Active learning vs random selection on batik-irina4 (held-out blocks), and retrain time')
    .option('--dataset <folder>', 'dataset folder', path.resolve(APP_ROOT, '..', 'shared', 'datasets', 'batik-irina4'))
    .option('--augment', 'also compute augmented views (rotation, zoom, mirror, colour) and train with them')
    .option('--seed <n>', 'seed', (v) => Number.parseInt(v, 10), 1)
    .option('--workers <n>', 'backbone workers for the one-off embedding step (default: one per core)', (v) => Number.parseInt(v, 10))
    .addOption(
      new Option('--strategy <name>', 'what active learning asks about: auto (the app: typical items first, then uncertain ones), informative or typical')
        .choices(['auto', 'informative', 'typical'])
        .default('auto'),
    )
    .option('--typical-until <n>', 'with --strategy auto: labels before the loop switches from typical to uncertain items (default: the app’s)', (v) => Number.parseInt(v, 10))
    .option('--pipeline <id>', 'the feature pipeline (canting pipeline list)', MOBILENET_V2.id)
    .option('--folds', 'block cross-validation: 5 folds, every image held out once (5× the time; far less noise than one split of 200)')
    .action(async (opts: LearnBenchOptions) => {
      const log = (s: string) => process.stderr.write(`${s}\n`);
      if (!fs.existsSync(opts.dataset)) {
        process.stdout.write(`${JSON.stringify({ bench: 'learn', skipped: true, reason: `dataset not found at ${opts.dataset} (real batik photos, not shipped with the repository)` })}\n`);
        return;
      }
      if (!opts.folds) {
        process.stdout.write(`${JSON.stringify(await runSplit(opts, TEST_BLOCKS, log))}\n`);
        return;
      }
      // Block cross-validation: every image held out once (blocks f and f+5 of 10 per class in fold f).
      const folds = [];
      for (let f = 0; f < 5; f++) {
        log(`fold ${f + 1}/5: test blocks ${f + 1} and ${f + 6}`);
        folds.push(await runSplit(opts, new Set([f, f + 5]), log));
      }
      const meanOf = (rows: { labels: number; accuracy: number }[][]) =>
        rows[0].map((r, c) => ({ labels: r.labels, accuracy: round(rows.reduce((a, x) => a + x[c].accuracy, 0) / rows.length) }));
      const active = meanOf(folds.map((f) => f.active));
      const random = meanOf(folds.map((f) => f.random));
      const all = round(folds.reduce((a, f) => a + f.allLabels.accuracy, 0) / folds.length);
      const within = (acc: number) => acc >= all - 0.01;
      process.stdout.write(
        `${JSON.stringify({
          bench: 'learn',
          pipeline: opts.pipeline,
          crossValidation: '5 folds of blocks (every image held out once), 3 seeds per strategy and fold; accuracies are means over folds',
          strategy: opts.strategy,
          augmentedViews: folds[0].augmentedViews,
          heldOutImages: folds.reduce((a, f) => a + f.heldOut.images, 0),
          active,
          random,
          allLabels: { accuracy: all, perFold: folds.map((f) => f.allLabels.accuracy) },
          meanAccuracyOverCheckpoints: {
            active: round(active.reduce((a, r) => a + r.accuracy, 0) / active.length),
            random: round(random.reduce((a, r) => a + r.accuracy, 0) / random.length),
          },
          firstWithin1PointOfAll: { active: active.find((r) => within(r.accuracy))?.labels ?? null, random: random.find((r) => within(r.accuracy))?.labels ?? null },
          perFold: folds.map((f) => ({ active: f.active.map((r) => r.accuracy), random: f.random.map((r) => r.accuracy), all: f.allLabels.accuracy })),
        })}\n`,
      );
    });
}

/** One split of the benchmark: active learning and random selection on `train`, scored on `test`. */
async function runSplit(opts: LearnBenchOptions, testBlocks: ReadonlySet<number>, log: (s: string) => void) {
  const backend = await ensureBackend();
  const files = readLabelledFolder(opts.dataset, [...MOTIF_LABELS]);
  const { train, test } = blockSplit(files, testBlocks);
  if (!findBackbone(opts.pipeline)) throw new Error(`unknown pipeline "${opts.pipeline}"; known: ${BACKBONES.map((b) => b.id).join(', ')}`);
  // Augmented views are MobileNetV2-sized pixels (augment.ts); other pipelines learn from the images themselves, as in the app.
  if (opts.augment && opts.pipeline !== MOBILENET_V2.id) throw new Error('--augment needs the MobileNetV2 pipeline');
  const views = opts.augment ? AUGMENTATIONS.map((a) => a.view) : [];
  // Augmented views are only needed on the training side.
  const embTest = await benchFeatures(test, [], path.join(APP_ROOT, '.bench', 'learn', 'embeddings'), log, { workers: opts.workers, backboneId: opts.pipeline });
  const embTrain = await benchFeatures(train, views, path.join(APP_ROOT, '.bench', 'learn', 'embeddings'), log, { workers: opts.workers, backboneId: opts.pipeline });
  const toItem = (f: LabelledFile, m: Map<string, Float32Array[]>): Item => {
    const [vector, ...rest] = m.get(f.file)!;
    return { file: f.file, label: f.label, vector, views: rest };
  };
  const pool = train.map((f) => toItem(f, embTrain));
  const held = test.map((f) => toItem(f, embTest));
  const augment = Boolean(opts.augment);
  // What the app would have: the view-0 embeddings of every image in the catalogue (unlabelled).
  const poolVectors = pool.map((it) => it.vector);
  const checkpoints = CHECKPOINTS.filter((n) => n < pool.length);
  log(`pool ${pool.length} images, held-out ${held.length} (blocks), head trained in JS, inference on ${backend.detail}${augment ? ', with augmented views' : ''}`);

  // Active learning as the app does it (nextBatch, --strategy auto): typical items, then committee-chosen batches; retrain after each.
  // Run from several seeds (k-means starts, committee folds) and averaged, like random selection:
  // one path through the loop is too noisy to compare on 200 held-out images.
  const selectSeconds: number[] = [];
  const activeRuns: { labels: number; accuracy: number; perLabel: number[]; retrainSeconds: number; mode: string }[][] = [];
  for (const k of ACTIVE_RUNS) {
    const seed = opts.seed + k;
    const rows: (typeof activeRuns)[number] = [];
    const labelled: number[] = [];
    let mode = 'diverse';
    for (const target of checkpoints) {
      while (labelled.length < target) {
        const step = labelled.length === 0 ? 20 : labelled.length < 50 ? 10 : labelled.length < 100 ? 25 : 50;
        const size = Math.min(step, target - labelled.length);
        const taken = new Set(labelled);
        const rest = pool.map((_, i) => i).filter((i) => !taken.has(i));
        const t0 = performance.now();
        const batch = await nextBatch(
          labelled.map((i) => ({ vector: pool[i].vector, label: pool[i].label, group: null })),
          rest.map((i) => pool[i].vector),
          [...MOTIF_LABELS],
          size,
          { seed, strategy: opts.strategy, typicalUntil: opts.typicalUntil },
        );
        selectSeconds.push((performance.now() - t0) / 1000);
        mode = batch.mode;
        labelled.push(...batch.indices.map((j) => rest[j]));
      }
      const r = await trainAndTest(labelled.map((i) => pool[i]), held, opts.seed, augment, poolVectors);
      const perLabel = MOTIF_LABELS.map((_, c) => labelled.filter((i) => pool[i].label === c).length);
      rows.push({ labels: labelled.length, accuracy: r.accuracy, perLabel, retrainSeconds: r.seconds, mode });
      log(`active (seed ${seed}) ${labelled.length}: ${(r.accuracy * 100).toFixed(1)}% (${perLabel.join('/')}, ${r.seconds}s)`);
    }
    activeRuns.push(rows);
  }
  const active = checkpoints.map((labels, c) => {
    const runs = activeRuns.map((rows) => rows[c]);
    return {
      labels,
      accuracy: round(runs.reduce((a, r) => a + r.accuracy, 0) / runs.length),
      runs: runs.map((r) => r.accuracy),
      perLabel: runs[0].perLabel,
      retrainSecondsMax: Math.max(...runs.map((r) => r.retrainSeconds)),
      mode: runs[0].mode,
    };
  });
  active.forEach((row) => log(`active  ${row.labels}: ${(row.accuracy * 100).toFixed(1)}% (runs ${row.runs.join(', ')})`));

  // Random selection of the same sizes (nested subsets), averaged over seeds.
  const random: { labels: number; accuracy: number; runs: number[] }[] = checkpoints.map((labels) => ({ labels, accuracy: 0, runs: [] }));
  for (const seed of RANDOM_SEEDS) {
    const order = shuffled(pool.map((_, i) => i), seededRandom(1000 + seed));
    for (const row of random) {
      const r = await trainAndTest(order.slice(0, row.labels).map((i) => pool[i]), held, opts.seed, augment, poolVectors);
      row.runs.push(r.accuracy);
    }
  }
  random.forEach((row) => {
    row.accuracy = round(row.runs.reduce((a, b) => a + b, 0) / row.runs.length);
    log(`random  ${row.labels}: ${(row.accuracy * 100).toFixed(1)}% (runs ${row.runs.join(', ')})`);
  });

  const all = await trainAndTest(pool, held, opts.seed, augment, poolVectors);
  log(`all ${pool.length} labels: ${(all.accuracy * 100).toFixed(1)}% in ${all.seconds}s`);
  // The target: one retrain over ~1,000 reviewed images (every image of the set, app recipe, own 80/20 split).
  const everything = [...pool, ...held];
  const retrain = await trainAndTest(everything, held, opts.seed, augment, poolVectors);
  const within = (acc: number) => acc >= all.accuracy - 0.01;
  return {
      bench: 'learn',
      pipeline: opts.pipeline,
      dataset: path.basename(opts.dataset),
      trainer: 'linear softmax head trained in JavaScript (Adam, standardised features folded into the stored tfjs head)',
      inferenceBackend: backend.detail,
      trained: 'head only (frozen backbone; fine-tuning its top block is measured by bench:finetune)',
      strategy: opts.strategy,
      augmentedViews: augment ? views.length : 0,
      pool: pool.length,
      heldOut: { images: held.length, split: `blocks ${[...testBlocks].map((b) => b + 1).join(' and ')} of 10 per class, by file number (see train-default)` },
      checkpoints,
      active,
      random,
      allLabels: { labels: pool.length, accuracy: all.accuracy, retrainSeconds: all.seconds, epochs: all.epochs },
      // The mean over the checkpoints (area under the learning curve): steadier than any one checkpoint.
      meanAccuracyOverCheckpoints: {
        active: round(active.reduce((a, r) => a + r.accuracy, 0) / active.length),
        random: round(random.reduce((a, r) => a + r.accuracy, 0) / random.length),
      },
      firstWithin1PointOfAll: {
        active: active.find((r) => within(r.accuracy))?.labels ?? null,
        random: random.find((r) => within(r.accuracy))?.labels ?? null,
      },
      selectionSecondsMax: round(Math.max(...selectSeconds), 2),
      retrain1000: { images: everything.length, seconds: retrain.seconds, epochs: retrain.epochs, targetSeconds: 5, met: retrain.seconds < 5 },
    };
}

