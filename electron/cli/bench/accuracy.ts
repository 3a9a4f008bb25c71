import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { APP_ROOT } from '../../core/app/paths.js';
import { ensureBackend } from '../../core/classify/backend.js';
import { DEFAULT_BACKBONE_ID } from '../../core/classify/backbones/default.js';
import type { LabelledFile } from '../../core/classify/labelled-folder.js';
import { readLabelledFolder } from '../../core/classify/labelled-folder.js';
import { EnginePool, pipelined } from '../../core/classify/pool.js';
import { trainHead } from '../../core/learn/train.js';
import { argmaxRow, packRows } from '../../core/learn/vectors.js';
import { predictHead } from '../../core/models/head.js';
import { blockSplit, MOTIF_LABELS } from '../../core/workflows/train-default.js';
import { CANDIDATES, candidateBackbones, type Candidate } from './accuracy-candidates.js';
import { benchFeatures } from './feature-cache.js';
import { round } from './held-out.js';

/**
 * `canting bench accuracy` (npm run bench:accuracy). How well a feature
 * pipeline recognises motifs: the app's own head recipe (linear softmax,
 * standardised features, its own 80/20 split) scored by 5-fold block
 * cross-validation on batik-irina4 (folds of blocks of file numbers, every
 * image held out once; the same folds as bench:features), several seeds per
 * fold. Embeddings are cached per (backbone, file) under .bench/, so reruns
 * only train heads. Speed: images/s end to end (decode, views, network) of
 * the pipeline's backbones on a sample of the dataset, measured fresh.
 */

const FOLDS = 5;
const K = MOTIF_LABELS.length;

/** Probabilities of every held-out image (n×K, in `files` order) from a head trained on `train`. */
async function foldProbs(rowOf: (f: LabelledFile) => Float32Array, train: LabelledFile[], test: LabelledFile[], seed: number): Promise<Float32Array> {
  const rows = train.map(rowOf);
  const r = await trainHead(
    train.map((t, i) => ({ vector: rows[i], label: t.label, group: null })),
    [...MOTIF_LABELS],
    { seed, minPerLabel: 1, featurePool: rows },
  );
  try {
    const held = test.map(rowOf);
    return predictHead(r.model, packRows(held, held[0].length), held.length);
  } finally {
    r.model.dispose();
  }
}

const topProb = (p: Float32Array, i: number) => Math.max(...p.subarray(i * K, (i + 1) * K));

/** Accuracy and per-class recall over every fold and seed; for a cascade also the share of images its accurate part saw. */
async function crossValidate(
  c: Candidate,
  files: LabelledFile[],
  features: Map<string, Map<string, Float32Array[]>>,
  seeds: number[],
  log: (s: string) => void,
): Promise<{ accuracy: number; perClassRecall: Record<string, number>; accurateShare?: number }> {
  const rowFor = (ids: readonly string[], slice?: readonly [number, number]) => (f: LabelledFile) => {
    const parts = ids.map((id) => features.get(id)!.get(f.file)![0]);
    const row = parts.length === 1 ? parts[0] : Float32Array.from(parts.flatMap((p) => Array.from(p)));
    return slice ? row.subarray(slice[0], slice[1]) : row;
  };
  const hits = new Array<number>(K).fill(0);
  const seen = new Array<number>(K).fill(0);
  let escalated = 0;
  let decided = 0;
  for (let fold = 0; fold < FOLDS; fold++) {
    const { train, test } = blockSplit(files, new Set([fold, fold + FOLDS]));
    for (const seed of seeds) {
      let predict: (i: number) => number;
      if (c.kind === 'features') {
        const p = await foldProbs(rowFor(c.backbones, c.slice), train, test, seed);
        predict = (i) => argmaxRow(p, K, i);
      } else {
        const fast = await foldProbs(rowFor([c.fast]), train, test, seed);
        const accurate = await foldProbs(rowFor([c.accurate]), train, test, seed);
        predict = (i) => {
          if (topProb(fast, i) >= c.threshold) return argmaxRow(fast, K, i);
          escalated++;
          return argmaxRow(accurate, K, i);
        };
      }
      test.forEach((t, i) => {
        seen[t.label]++;
        decided++;
        if (predict(i) === t.label) hits[t.label]++;
      });
    }
    log(`  fold ${fold + 1}/${FOLDS}: running accuracy ${((hits.reduce((a, b) => a + b, 0) / seen.reduce((a, b) => a + b, 0)) * 100).toFixed(1)}%`);
  }
  return {
    accuracy: round(hits.reduce((a, b) => a + b, 0) / seen.reduce((a, b) => a + b, 0)),
    perClassRecall: Object.fromEntries(MOTIF_LABELS.map((l, k) => [l, round(hits[k] / seen[k])])),
    ...(c.kind === 'cascade' ? { accurateShare: round(escalated / decided) } : {}),
  };
}

/**
 * Speed of one backbone definition end to end (decode, views, network) over
 * `sample` files, after a warm-up batch: wall-clock images/s, and CPU ms per
 * image (all threads of this process), which other load on a shared machine
 * disturbs far less.
 */
async function measureSpeed(backboneId: string, sample: LabelledFile[], workers: number | undefined): Promise<{ imagesPerSecond: number; cpuMsPerImage: number }> {
  const pool = await EnginePool.start({ workers, backboneId });
  try {
    const items = sample.map((f, key) => ({ key, path: f.file }));
    await Promise.all(Array.from({ length: pool.size }, () => pool.embedFiles(items.slice(0, 4))));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await pipelined(items, 8, pool.size * 2, (b) => pool.embedFiles(b), () => undefined);
    const cpu = process.cpuUsage(cpu0);
    return { imagesPerSecond: sample.length / ((performance.now() - t0) / 1000), cpuMsPerImage: (cpu.user + cpu.system) / 1000 / sample.length };
  } finally {
    await pool.close();
  }
}

export function registerAccuracyBench(bench: Command): void {
  bench
    .command('accuracy')
    .description('Motif accuracy of a feature pipeline: 5-fold block cross-validation on batik-irina4, with its speed')
    .option('--dataset <folder>', 'dataset folder', path.resolve(APP_ROOT, '..', 'shared', 'datasets', 'batik-irina4'))
    .option('--pipeline <id>', `a candidate's id, or "all" (one JSON line each): ${CANDIDATES.map((c) => c.id).join(', ')}`, DEFAULT_BACKBONE_ID)
    .option('--seeds <n>', 'head seeds per fold', (v) => Number.parseInt(v, 10), 3)
    .option('--speed-sample <n>', 'images timed for the speed (0: skip)', (v) => Number.parseInt(v, 10), 48)
    .option('--workers <n>', 'backbone workers (default: one per core)', (v) => Number.parseInt(v, 10))
    .option('--every <n>', 'only every n-th file of the folder listing (a quicker, rougher comparison; default: all)', (v) => Number.parseInt(v, 10), 1)
    .action(async (opts: { dataset: string; pipeline: string; seeds: number; speedSample: number; workers?: number; every: number }) => {
      const log = (s: string) => process.stderr.write(`${s}\n`);
      if (!fs.existsSync(opts.dataset)) {
        process.stdout.write(`${JSON.stringify({ bench: 'accuracy', skipped: true, reason: `dataset not found at ${opts.dataset} (real batik photos, not shipped with the repository)` })}\n`);
        return;
      }
      const chosen = opts.pipeline === 'all' ? CANDIDATES : CANDIDATES.filter((c) => c.id === opts.pipeline);
      if (!chosen.length) throw new Error(`unknown pipeline "${opts.pipeline}"; candidates: ${CANDIDATES.map((c) => c.id).join(', ')}`);
      await ensureBackend();
      const files = readLabelledFolder(opts.dataset, [...MOTIF_LABELS]).filter((_, i) => i % Math.max(1, opts.every) === 0);
      const seeds = Array.from({ length: opts.seeds }, (_, i) => i + 1);
      const features = new Map<string, Map<string, Float32Array[]>>();
      const speed = new Map<string, { imagesPerSecond: number; cpuMsPerImage: number }>();
      // Every 20th file (by path): spread over the classes and their blocks.
      const sample = [...files].sort((a, b) => a.file.localeCompare(b.file)).filter((_, i) => i % Math.max(1, Math.floor(files.length / opts.speedSample)) === 0).slice(0, opts.speedSample);
      for (const c of chosen) {
        const t0 = performance.now();
        for (const id of candidateBackbones(c)) {
          if (!features.has(id)) features.set(id, await benchFeatures(files, [], path.join(APP_ROOT, '.bench', 'learn', 'embeddings'), log, { workers: opts.workers, backboneId: id }));
          if (opts.speedSample > 0 && !speed.has(id)) speed.set(id, await measureSpeed(id, sample, opts.workers));
        }
        log(`${c.id}: ${c.note}`);
        const cv = await crossValidate(c, files, features, seeds, log);
        // A cascade runs its fast backbone on every image and its accurate one on the share it is unsure of.
        const cost = (per: (id: string) => number) =>
          c.kind === 'features' ? c.backbones.reduce((sum, id) => sum + per(id), 0) : per(c.fast) + cv.accurateShare! * per(c.accurate);
        const perImage = opts.speedSample <= 0 ? null : cost((id) => 1 / speed.get(id)!.imagesPerSecond);
        const cpuMs = opts.speedSample <= 0 ? null : cost((id) => speed.get(id)!.cpuMsPerImage);
        process.stdout.write(
          `${JSON.stringify({
            pipeline: c.id,
            blockCvAccuracy: cv.accuracy,
            perClassRecall: cv.perClassRecall,
            imagesPerSecond: perImage === null ? null : round(1 / perImage, 2),
            cpuMsPerImage: cpuMs === null ? null : Math.round(cpuMs),
            loadAverage1m: round(os.loadavg()[0], 2),
            peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
            seconds: round((performance.now() - t0) / 1000, 1),
            ...(cv.accurateShare !== undefined ? { accurateShare: cv.accurateShare } : {}),
            note: c.note,
            crossValidation: `${FOLDS} folds of blocks of file numbers (every image held out once), ${seeds.length} seed(s) per fold`,
            images: files.length,
            ...(opts.every > 1 ? { every: opts.every } : {}),
          })}\n`,
        );
      }
    });
}
