import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ensureBackend } from '../classify/backend.js';
import { PREPROCESSING } from '../classify/backbone-info.js';
import { MOBILENET_V2, type BackboneDefinition } from '../classify/backbones/definitions.js';
import { engineBackboneId } from '../classify/pipeline-setting.js';
import { readLabelledFolder, type LabelledFile } from '../classify/labelled-folder.js';
import { computeMetrics, metricsMarkdown, type EvalMetrics } from '../classify/metrics.js';
import { EnginePool, pipelined } from '../classify/pool.js';
import { sha256File } from '../importer/hash.js';
import { seededRandom } from '../random.js';
import { foldStandardisation, standardise, standardiser } from '../learn/standardise.js';
import { packRows } from '../learn/vectors.js';
import { createHead, predictHead, serialiseHead } from '../models/head.js';
import { MANIFEST_FORMAT, type ModelManifest } from '../models/manifest.js';
import { writeModelFolder } from '../models/store.js';

/**
 * Trains the bundled `motif` head on batik-irina4 (npm run train:default).
 * Reproducible: fixed split, fixed seed, fixed hyper-parameters chosen before
 * looking at the test blocks. Split by BLOCKS of file numbers (the set has
 * runs of photos of the same cloth), never at random.
 */

export const MOTIF_LABELS = ['kawung', 'megamendung', 'parang', 'truntum'] as const;
export const DEFAULT_VERSION = 'motif-irina4-v3';

/** The shipped head's version for a pipeline: MobileNetV2's keeps its name; another pipeline's names it. */
export function shippedVersion(def: BackboneDefinition): string {
  return def.id === MOBILENET_V2.id ? DEFAULT_VERSION : `motif-irina4-${slug(def)}-v1`;
}

/** The folder under models/ a pipeline's shipped head lives in. */
export function shippedFolder(def: BackboneDefinition): string {
  return def.id === MOBILENET_V2.id ? 'motif' : `motif-${slug(def)}`;
}

const slug = (def: BackboneDefinition) => def.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** How pixels reach a pipeline's network (recorded in the manifest). */
export function preprocessingOf(def: BackboneDefinition): ModelManifest['preprocessing'] {
  const size = def.inputSize;
  return { ...PREPROCESSING, size, resize: PREPROCESSING.resize.replace('224×224', `${size}×${size}`) };
}
export const SEED = 20240917;
export const BLOCKS = 10;
/** Blocks (0-based, by file-number rank within each class) held out for testing: two separate 10% slices. */
export const TEST_BLOCKS: ReadonlySet<number> = new Set([2, 7]);
const HYPER = { hidden: 128, dropout: 0.3, l2: 1e-4, epochs: 40, batchSize: 32, learningRate: 1e-3 };
/** A shipped head's weights stay under this (they live in git and in every installer). */
const SHIPPED_WEIGHTS_BYTES = 1.5 * 1024 * 1024;

/** Hidden units: HYPER's, halved until the first layer (float32) fits the budget for a wide pipeline. */
function hiddenUnits(dim: number): number {
  let hidden = HYPER.hidden;
  while (hidden > 16 && dim * hidden * 4 > SHIPPED_WEIGHTS_BYTES) hidden /= 2;
  return hidden;
}

/**
 * Garment/product photos the dataset README lists as still present. Left out
 * of TRAINING (they teach "garment" rather than motif); kept in the test
 * blocks when they fall there, so the reported accuracy is not flattered.
 */
export const EXCLUDED_FROM_TRAINING = [
  'parang_021', 'parang_023', 'parang_217', 'parang_224', 'parang_234', 'parang_248',
  'truntum_114', 'truntum_185', 'truntum_196',
];

export function fileNumber(file: string): number {
  const m = /(\d+)(?=\.[^.]+$)/.exec(path.basename(file));
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** Each class's files ranked by file number and cut into BLOCKS contiguous blocks; `testBlocks` (0-based) are held out. */
export function blockSplit(files: LabelledFile[], testBlocks: ReadonlySet<number> = TEST_BLOCKS): { train: LabelledFile[]; test: LabelledFile[] } {
  const train: LabelledFile[] = [];
  const test: LabelledFile[] = [];
  const byLabel = new Map<number, LabelledFile[]>();
  for (const f of files) byLabel.set(f.label, [...(byLabel.get(f.label) ?? []), f]);
  for (const list of byLabel.values()) {
    list.sort((a, b) => fileNumber(a.file) - fileNumber(b.file));
    list.forEach((f, rank) => {
      const block = Math.floor((rank * BLOCKS) / list.length);
      if (testBlocks.has(block)) test.push(f);
      else if (!EXCLUDED_FROM_TRAINING.includes(path.basename(f.file).replace(/\.[^.]+$/, ''))) train.push(f);
    });
  }
  return { train, test };
}

/**
 * SHA-256 of each file's bytes (as the importer hashes images), sorted and
 * without repeats: the manifest's training.imageSha256.
 */
export async function fileHashes(files: readonly LabelledFile[]): Promise<string[]> {
  const hashes: string[] = [];
  for (const f of files) hashes.push(await sha256File(f.file));
  return [...new Set(hashes)].sort();
}

/**
 * The hashes of the files that train the bundled head from `dataset` (the
 * training side of blockSplit: neither the test blocks nor
 * EXCLUDED_FROM_TRAINING) and of the held-out test blocks its metrics were
 * measured on. Recomputable without training, so the shipped manifest's
 * lists can be checked against the dataset.
 */
export async function defaultSplitHashes(dataset: string): Promise<{ train: string[]; validation: string[] }> {
  const { train, test } = blockSplit(readLabelledFolder(dataset, [...MOTIF_LABELS]));
  return { train: await fileHashes(train), validation: await fileHashes(test) };
}

/** Embeddings of files, cached on disk by path+size+mtime so a second run skips the backbone. */
async function embedAll(def: BackboneDefinition, files: string[], cacheDir: string, workers: number | undefined, log: (s: string) => void): Promise<Map<string, Float32Array>> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const keyOf = (f: string) => {
    const st = fs.statSync(f);
    return crypto.createHash('sha1').update(`${def.id}|${f}|${st.size}|${st.mtimeMs}`).digest('hex');
  };
  const out = new Map<string, Float32Array>();
  const todo: string[] = [];
  for (const f of files) {
    const c = path.join(cacheDir, `${keyOf(f)}.f32`);
    if (fs.existsSync(c)) {
      const b = fs.readFileSync(c);
      out.set(f, new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    } else todo.push(f);
  }
  log(`embeddings: ${out.size} cached, ${todo.length} to compute`);
  if (!todo.length) return out;
  const pool = await EnginePool.start({ workers, backboneId: engineBackboneId(def) });
  log(`backend: ${pool.backend.detail}, ${pool.size} worker(s)`);
  const t0 = Date.now();
  try {
    const items = todo.map((f, key) => ({ key, path: f }));
    await pipelined(items, 8, pool.size * 2, (batch) => pool.embedFiles(batch), (r) => {
      for (const e of r.errors) throw new Error(`${todo[e.key]}: ${e.message}`);
      for (const [key, v] of r.vectors) {
        const f = todo[key];
        out.set(f, v);
        fs.writeFileSync(path.join(cacheDir, `${keyOf(f)}.f32`), Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      }
      if (out.size % 80 < 8) log(`  ${out.size}/${files.length} (${((out.size - (files.length - todo.length)) / ((Date.now() - t0) / 1000)).toFixed(1)} img/s)`);
    });
  } finally {
    await pool.close();
  }
  return out;
}

function stack(files: LabelledFile[], emb: Map<string, Float32Array>, dim: number): Float32Array {
  const x = new Float32Array(files.length * dim);
  files.forEach((f, i) => x.set(emb.get(f.file)!, i * dim));
  return x;
}

/** Make the trained head read raw embeddings: fold the standardisation into its first dense layer (dropout is the identity at inference). */
function foldIntoFirstDense(head: tf.LayersModel, mean: Float64Array, scale: Float64Array): void {
  const dense = head.layers.find((l) => l.getClassName() === 'Dense')!;
  const [kernel, bias] = dense.getWeights();
  const units = kernel.shape[1]!;
  const folded = foldStandardisation(kernel.dataSync() as Float32Array, bias.dataSync() as Float32Array, mean, scale, units);
  const next = [tf.tensor2d(folded.kernel, kernel.shape as [number, number]), tf.tensor1d(folded.bias)];
  dense.setWeights(next);
  tf.dispose(next);
}

function argmaxRows(p: Float32Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.length / k; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (p[i * k + j] > p[i * k + best]) best = j;
    out.push(best);
  }
  return out;
}

export interface TrainDefaultResult {
  manifest: ModelManifest;
  metrics: EvalMetrics;
  outDir: string;
  trainCount: number;
  testCount: number;
}

export async function trainDefault(opts: {
  dataset: string;
  outDir: string;
  cacheDir?: string;
  workers?: number;
  modelCard?: string;
  /** The feature pipeline the head reads (default: MobileNetV2's, the catalogue default). */
  pipeline?: BackboneDefinition;
  log?: (s: string) => void;
}): Promise<TrainDefaultResult> {
  const log = opts.log ?? (() => undefined);
  const def = opts.pipeline ?? MOBILENET_V2;
  const dim = def.dim;
  const hidden = hiddenUnits(dim);
  const all = readLabelledFolder(opts.dataset, [...MOTIF_LABELS]);
  const { train, test } = blockSplit(all);
  log(`dataset: ${all.length} images; train ${train.length}, test ${test.length} (blocks ${[...TEST_BLOCKS].join(',')} of ${BLOCKS} per class)`);
  const emb = await embedAll(
    def,
    [...train, ...test].map((f) => f.file),
    opts.cacheDir ?? path.join(os.tmpdir(), 'canting-train-default-cache'),
    opts.workers,
    log,
  );

  await ensureBackend();
  const k = MOTIF_LABELS.length;
  // Seeded shuffle once; class weights balance the 2:1 kawung/megamendung skew.
  const order = train.map((_, i) => i);
  const rand = seededRandom(SEED);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const shuffled = order.map((i) => train[i]);
  const counts = MOTIF_LABELS.map((_, c) => train.filter((f) => f.label === c).length);
  const classWeight = Object.fromEntries(counts.map((n, c) => [c, train.length / (k * n)]));
  const head = createHead({ inputDim: dim, classes: k, hidden, dropout: HYPER.dropout, l2: HYPER.l2, seed: SEED });
  head.compile({ optimizer: tf.train.adam(HYPER.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  // Standardised inputs, as the in-app trainer uses (the training side's statistics only); folded into the first dense layer afterwards.
  const trainRows = shuffled.map((f) => emb.get(f.file)!);
  const { mean, scale } = standardiser(trainRows, dim);
  const xs = tf.tensor2d(packRows(trainRows.map((r) => standardise(r, mean, scale)), dim), [shuffled.length, dim]);
  const ys = tf.oneHot(tf.tensor1d(shuffled.map((f) => f.label), 'int32'), k);
  const history = await head.fit(xs, ys, { epochs: HYPER.epochs, batchSize: HYPER.batchSize, shuffle: false, classWeight, verbose: 0 });
  xs.dispose();
  ys.dispose();
  foldIntoFirstDense(head, mean, scale);
  const lastLoss = history.history.loss.at(-1) as number;
  log(`trained ${HYPER.epochs} epochs, final training loss ${lastLoss.toFixed(4)}`);

  const probs = predictHead(head, stack(test, emb, dim), test.length);
  const metrics = computeMetrics([...MOTIF_LABELS], test.map((f) => f.label), argmaxRows(probs, k));
  const artifacts = await serialiseHead(head);
  head.dispose();

  const perLabel = Object.fromEntries(MOTIF_LABELS.map((l, c) => [l, counts[c]]));
  const manifest: ModelManifest = {
    format: MANIFEST_FORMAT,
    facet: 'motif',
    version: shippedVersion(def),
    labels: [...MOTIF_LABELS],
    backbone: def.id,
    embeddingDim: dim,
    preprocessing: preprocessingOf(def),
    training: {
      dataset: 'batik-irina4 (irinamrdhtllh/batik-classifier @ 42ad78f, near-duplicates removed; see shared/datasets/README.md)',
      images: train.length,
      perLabel,
      split: `per class, files ranked by file number and cut into ${BLOCKS} contiguous blocks; blocks ${[...TEST_BLOCKS].map((b) => b + 1).join(' and ')} held out for testing (${test.length} images)`,
      notes: `garment/product photos listed in the dataset README excluded from training (${EXCLUDED_FROM_TRAINING.join(', ')}); head: standardised inputs (training-side statistics, folded into the first layer), dropout ${HYPER.dropout} → dense ${hidden} relu → softmax, L2 ${HYPER.l2}, Adam ${HYPER.learningRate}, ${HYPER.epochs} epochs, batch ${HYPER.batchSize}, balanced class weights, seed ${SEED}`,
      // So eval and compare can leave these photos out wherever they turn up, and compare and the
      // report can find the held-out photos the metrics were measured on in any catalogue that has them.
      imageSha256: await fileHashes(train),
      validationImageSha256: await fileHashes(test),
    },
    metrics: { ...metrics, evaluatedOn: `held-out blocks of batik-irina4 (${test.length} images)` },
    createdAt: new Date().toISOString(),
  };
  writeModelFolder(opts.outDir, manifest, artifacts);
  if (opts.modelCard && fs.existsSync(opts.modelCard)) {
    const card = fs.readFileSync(opts.modelCard, 'utf8');
    // One block per shipped head, named by its version (MobileNetV2's keeps the unnamed block).
    const tag = def.id === MOBILENET_V2.id ? 'metrics' : `metrics ${shippedVersion(def)}`;
    const block = `<!-- ${tag}:start (written by npm run train:default) -->\n${metricsMarkdown(metrics)}\n<!-- ${tag}:end -->`;
    const marked = new RegExp(`<!-- ${tag}:start[\\s\\S]*?<!-- ${tag}:end -->`); // versions are [a-z0-9-] only
    fs.writeFileSync(opts.modelCard, marked.test(card) ? card.replace(marked, block) : `${card.trimEnd()}\n\n${block}\n`);
  }
  return { manifest, metrics, outDir: opts.outDir, trainCount: train.length, testCount: test.length };
}
