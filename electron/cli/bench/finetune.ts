import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { APP_ROOT } from '../../core/app/paths.js';
import { ensureBackend } from '../../core/classify/backend.js';
import { loadFrozenTop } from '../../core/classify/backbone.js';
import { EMBEDDING_DIM } from '../../core/classify/backbone-info.js';
import { readLabelledFolder } from '../../core/classify/labelled-folder.js';
import { AUGMENTATIONS } from '../../core/learn/augment.js';
import { FINE_TUNE_DEFAULTS, fineTuneTop, topEmbeddings } from '../../core/learn/finetune.js';
import { trainHead } from '../../core/learn/train.js';
import { linearHead } from '../../core/models/head.js';
import { blockSplit, MOTIF_LABELS } from '../../core/workflows/train-default.js';
import { benchFeatures } from './feature-cache.js';
import { heldOutAccuracy, round } from './held-out.js';

/**
 * `canting bench finetune` (npm run bench:finetune). Does fine-tuning the
 * backbone's top block lift accuracy above the head alone? On batik-irina4
 * with every training label: the app's recipe (head on frozen embeddings,
 * its own 80/20 split for early stopping, then fineTuneTop from that head on
 * the same split), scored on the held-out blocks, per seed.
 */

/** Accuracy of a linear head (kernel EMBEDDING_DIM×k, bias k) on embeddings. */
function accuracy(vectors: Float32Array[], truth: number[], kernel: Float32Array, bias: Float32Array): number {
  const head = linearHead(kernel, bias, { inputDim: EMBEDDING_DIM });
  try {
    return heldOutAccuracy(head, vectors, truth, { classes: bias.length });
  } finally {
    head.dispose();
  }
}

export function registerFineTuneBench(bench: Command): void {
  bench
    .command('finetune')
    .description("Head only vs head + fine-tuned backbone top block, on batik-irina4's held-out blocks")
    .option('--dataset <folder>', 'dataset folder', path.resolve(APP_ROOT, '..', 'shared', 'datasets', 'batik-irina4'))
    .option('--no-augment', 'without augmented views')
    .option('--seeds <list>', 'comma-separated seeds', '1')
    .option('--epochs <n>', 'maximum fine-tuning epochs', (v) => Number.parseInt(v, 10))
    .option('--learning-rate <x>', 'fine-tuning learning rate (default: the app’s)', Number.parseFloat)
    .option('--workers <n>', 'backbone workers for the one-off feature step', (v) => Number.parseInt(v, 10))
    .action(async (opts: { dataset: string; augment: boolean; seeds: string; epochs?: number; learningRate?: number; workers?: number }) => {
      const log = (s: string) => process.stderr.write(`${s}\n`);
      if (!fs.existsSync(opts.dataset)) {
        process.stdout.write(`${JSON.stringify({ bench: 'finetune', skipped: true, reason: `dataset not found at ${opts.dataset} (real batik photos, not shipped with the repository)` })}\n`);
        return;
      }
      const backend = await ensureBackend();
      const { train, test } = blockSplit(readLabelledFolder(opts.dataset, [...MOTIF_LABELS]));
      const views = opts.augment ? AUGMENTATIONS.map((a) => a.view) : [];
      const dir = (what: string) => path.join(APP_ROOT, '.bench', 'learn', what);
      const embTrain = await benchFeatures(train, views, dir('embeddings'), log, { workers: opts.workers });
      const embTest = await benchFeatures(test, [], dir('embeddings'), log, { workers: opts.workers });
      const mapTrain = await benchFeatures(train, views, dir('top-input'), log, { workers: opts.workers, output: 'top-input' });
      const mapTest = await benchFeatures(test, [], dir('top-input'), log, { workers: opts.workers, output: 'top-input' });
      const top = await loadFrozenTop();
      const k = MOTIF_LABELS.length;
      const truth = test.map((f) => f.label);
      const heldVectors = test.map((f) => embTest.get(f.file)![0]);
      const heldMaps = test.map((f) => mapTest.get(f.file)![0]);
      const runs = [];
      for (const seed of opts.seeds.split(',').map(Number)) {
        const t0 = performance.now();
        const examples = train.map((f) => {
          const [vector, ...rest] = embTrain.get(f.file)!;
          return { vector, views: rest, label: f.label, group: null };
        });
        const head = await trainHead(examples, [...MOTIF_LABELS], { seed, featurePool: examples.map((e) => e.vector) });
        const headSeconds = (performance.now() - t0) / 1000;
        const [kt, bt] = head.model.getWeights();
        const start = { top, headKernel: kt.dataSync().slice() as Float32Array, headBias: bt.dataSync().slice() as Float32Array };
        head.model.dispose();
        const headOnly = accuracy(heldVectors, truth, start.headKernel, start.headBias);
        log(`seed ${seed}: head only ${(headOnly * 100).toFixed(1)}% on held-out blocks (validation ${(head.metrics.validation.accuracy * 100).toFixed(1)}%)`);
        const t1 = performance.now();
        const tuned = await fineTuneTop(
          train.map((f) => ({ inputs: mapTrain.get(f.file)!, label: f.label })),
          k,
          start,
          {
            split: head.split,
            classWeights: head.classWeights,
            seed,
            epochs: opts.epochs,
            learningRate: opts.learningRate,
            onEpoch: (l) => log(`  fine-tuning epoch ${l.epoch}: val_loss ${l.valLoss} val_acc ${l.valAccuracy}${l.loss === null ? '' : ` loss ${l.loss}`}`),
          },
        );
        const fineSeconds = (performance.now() - t1) / 1000;
        const tunedHeld = await topEmbeddings(heldMaps, tuned.top);
        const fineTuned = accuracy(tunedHeld, truth, tuned.headKernel, tuned.headBias);
        log(`seed ${seed}: fine-tuned ${(fineTuned * 100).toFixed(1)}% (best epoch ${tuned.bestEpoch}, ${fineSeconds.toFixed(0)} s)`);
        runs.push({
          seed,
          headOnly: round(headOnly),
          fineTuned: round(fineTuned),
          kept: tuned.improved,
          bestEpoch: tuned.bestEpoch,
          epochs: tuned.history.length - 1,
          validation: tuned.history.map((h) => ({ epoch: h.epoch, loss: h.valLoss, accuracy: h.valAccuracy })),
          headSeconds: round(headSeconds, 2),
          fineTuneSeconds: round(fineSeconds, 1),
        });
      }
      const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length);
      process.stdout.write(
        `${JSON.stringify({
          bench: 'finetune',
          dataset: path.basename(opts.dataset),
          backend: backend.detail,
          trainImages: train.length,
          augmentedViews: views.length,
          heldOut: { images: test.length, split: 'blocks 3 and 8 of 10 per class, by file number (see train-default)' },
          learningRate: opts.learningRate ?? FINE_TUNE_DEFAULTS.learningRate,
          runs,
          meanHeldOutAccuracy: { headOnly: mean(runs.map((r) => r.headOnly)), fineTuned: mean(runs.map((r) => r.fineTuned)) },
        })}\n`,
      );
    });
}
