import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { APP_ROOT } from '../../core/app/paths.js';
import { ensureBackend } from '../../core/classify/backend.js';
import { EMBEDDING_DIM, POOLED_DIM } from '../../core/classify/backbone-info.js';
import { readLabelledFolder } from '../../core/classify/labelled-folder.js';
import { trainHead } from '../../core/learn/train.js';
import { blockSplit, MOTIF_LABELS } from '../../core/workflows/train-default.js';
import { benchFeatures } from './feature-cache.js';
import { heldOutAccuracy, mean, round } from './held-out.js';

/**
 * `canting bench features` (npm run bench:features). Which parts of the
 * embedding carry the motif? The app's head recipe (linear softmax, its own
 * 80/20 split, standardised features), trained on every training label of
 * batik-irina4 with: the pooled part alone (exactly the 1280-d `flatten_1`
 * features earlier releases used), the texture part alone (block 16's channel
 * means and deviations), and both (the embedding the app uses). Scored by
 * block cross-validation: 5 folds, every image held out once, 3 seeds each.
 */

const SEEDS = [1, 2, 3];
const PARTS = {
  pooled: [0, POOLED_DIM],
  texture: [POOLED_DIM, EMBEDDING_DIM],
  both: [0, EMBEDDING_DIM],
} as const;


export function registerFeaturesBench(bench: Command): void {
  bench
    .command('features')
    .description('Head accuracy from the pooled part, the texture part and the whole embedding (block cross-validation on batik-irina4)')
    .option('--dataset <folder>', 'dataset folder', path.resolve(APP_ROOT, '..', 'shared', 'datasets', 'batik-irina4'))
    .option('--workers <n>', 'backbone workers for the one-off embedding step (default: one per core)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { dataset: string; workers?: number }) => {
      const log = (s: string) => process.stderr.write(`${s}\n`);
      if (!fs.existsSync(opts.dataset)) {
        process.stdout.write(`${JSON.stringify({ bench: 'features', skipped: true, reason: `dataset not found at ${opts.dataset} (real batik photos, not shipped with the repository)` })}\n`);
        return;
      }
      const backend = await ensureBackend();
      const files = readLabelledFolder(opts.dataset, [...MOTIF_LABELS]);
      const emb = await benchFeatures(files, [], path.join(APP_ROOT, '.bench', 'learn', 'embeddings'), log, { workers: opts.workers });
      const perFold: Record<keyof typeof PARTS, number[]> = { pooled: [], texture: [], both: [] };
      for (let f = 0; f < 5; f++) {
        const { train, test } = blockSplit(files, new Set([f, f + 5]));
        for (const [name, [from, to]] of Object.entries(PARTS) as [keyof typeof PARTS, readonly [number, number]][]) {
          const rows = train.map((t) => emb.get(t.file)![0].subarray(from, to));
          const held = test.map((t) => emb.get(t.file)![0].subarray(from, to));
          let sum = 0;
          for (const seed of SEEDS) {
            const r = await trainHead(
              train.map((t, i) => ({ vector: rows[i], label: t.label, group: null })),
              [...MOTIF_LABELS],
              { seed, minPerLabel: 1, featurePool: rows },
            );
            sum += heldOutAccuracy(r.model, held, test.map((t) => t.label), { classes: MOTIF_LABELS.length });
            r.model.dispose();
          }
          perFold[name].push(round(sum / SEEDS.length));
          log(`fold ${f + 1}/5 ${name} (${to - from}-d): ${((sum / SEEDS.length) * 100).toFixed(1)}%`);
        }
      }
      process.stdout.write(
        `${JSON.stringify({
          bench: 'features',
          dataset: path.basename(opts.dataset),
          backend: backend.detail,
          trainer: 'linear softmax head, the app recipe (own 80/20 split, early stopping, standardised features), every training label, no augmented views',
          crossValidation: '5 folds of blocks (every image held out once), 3 seeds per part and fold; accuracy is the mean over folds',
          heldOutImages: files.length,
          parts: Object.fromEntries(Object.entries(PARTS).map(([name, [from, to]]) => [name, { dims: to - from, accuracy: round(mean(perFold[name as keyof typeof PARTS])), perFold: perFold[name as keyof typeof PARTS] }])),
        })}\n`,
      );
    });
}
