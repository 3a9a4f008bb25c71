import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { Database } from 'better-sqlite3';
import { closeAppContext, createAppContext } from '../../core/app/create.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../core/classify/backbone-info.js';
import { encodeVector } from '../../core/classify/embeddings.js';
import { suggestNext, suspectLabels } from '../../core/learn/service.js';
import { seededRandom, shuffled } from '../../core/random.js';
import { APP_ROOT } from '../../core/app/paths.js';
import { ensureBackend } from '../../core/classify/backend.js';
import { readLabelledFolder } from '../../core/classify/labelled-folder.js';
import { MOTIF_LABELS } from '../../core/workflows/train-default.js';
import { benchFeatures } from './feature-cache.js';
import { reportCliError } from '../context.js';
import { round } from './held-out.js';

/**
 * `canting bench assist` (npm run bench:assist): how long "Saran berikutnya"
 * (learn.suggest) and "Cari label yang meragukan" (learn.suspects) take on a
 * catalogue of image rows with cached embeddings, through the same service
 * calls the app makes: synthetic embeddings of the backbone's width
 * (clustered per motif label; no files, no backbone), or with --dataset the
 * real ones of batik-irina4 (992 images). Target: under 2 s each at 1,000
 * images.
 */

const TARGET_SECONDS = 2;

/** Box–Muller normal from a seeded uniform. */
const normal = (rand: () => number) => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());

interface Row {
  vector: Float32Array;
  /** Index into the motif facet's labels. */
  label: number;
}

/** `images` embeddings around one centre per motif label, non-negative like pooled activations. */
function syntheticRows(images: number, labels: number, seed: number): Row[] {
  const rand = seededRandom(seed);
  const centres = Array.from({ length: labels }, () => Float32Array.from({ length: EMBEDDING_DIM }, () => Math.max(0, normal(rand))));
  return Array.from({ length: images }, () => {
    const label = Math.floor(rand() * labels);
    return { label, vector: Float32Array.from(centres[label], (x) => Math.max(0, x + 1.5 * normal(rand))) };
  });
}

/** batik-irina4's view-0 embeddings (computed once by the backbone, cached in .bench/learn/ with bench:learn's). */
async function datasetRows(dataset: string, workers: number | undefined): Promise<Row[]> {
  await ensureBackend();
  const files = readLabelledFolder(dataset, [...MOTIF_LABELS]);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const features = await benchFeatures(files, [], path.join(APP_ROOT, '.bench', 'learn', 'embeddings'), log, { workers });
  return files.map((f) => ({ label: f.label, vector: features.get(f.file)![0] }));
}

/**
 * The rows as images with cached embeddings, `reviewed` of them (a seeded choice) validated with their label,
 * 5% of those with a random one. Returns the images whose given label is wrong (what suspects should find).
 */
function fillAssistCatalogue(db: Database, rows: readonly Row[], reviewed: number, seed: number): Set<number> {
  const rand = seededRandom(seed);
  const labels = db.prepare(`SELECT l.id FROM labels l JOIN facets f ON f.id = l.facet_id WHERE f.key = 'motif' ORDER BY l.position`).pluck().all() as number[];
  const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const wrong = new Set<number>();
  db.transaction(() => {
    db.prepare('INSERT INTO import_roots (id, path, created_at) VALUES (1, ?, ?)').run('/arsip/bench', now);
    const image = db.prepare(
      `INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at)
       VALUES (?, ?, 1, ?, ?, 150000, 1024, 768, 'jpeg', ?)`,
    );
    const embedding = db.prepare(`INSERT INTO embeddings (image_id, backbone, view, vector, created_at) VALUES (?, ?, 0, ?, ?)`);
    const review = db.prepare(`INSERT INTO reviews (image_id, facet_id, status, label_id, validator, updated_at) VALUES (?, 2, 'validated', ?, 'Bench', ?)`);
    const toReview = new Set(shuffled(rows.map((_, i) => i), rand).slice(0, reviewed));
    rows.forEach((row, i) => {
      const id = i + 1;
      const name = `IMG_${String(id).padStart(6, '0')}.jpg`;
      image.run(id, `sha-${id}`, `bench/${name}`, name, now);
      embedding.run(id, BACKBONE_ID, encodeVector(row.vector), now);
      if (!toReview.has(i)) return;
      const given = rand() < 0.05 ? Math.floor(rand() * labels.length) : row.label;
      if (given !== row.label) wrong.add(id);
      review.run(id, labels[given], now);
    });
  })();
  return wrong;
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/**
 * Median wall-clock seconds, and the median CPU seconds of this process alongside: on a
 * machine shared with other work the wall clock also counts waiting for a core.
 */
async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ seconds: number; cpuSeconds: number; last: T }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    last = await work();
    const used = process.cpuUsage(c);
    wall.push((performance.now() - t) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { seconds: round(median(wall), 3), cpuSeconds: round(median(cpu), 3), last };
}

/** One catalogue size: suggest while labels are few (typical), suggest with many (informative), suspects over every reviewed image. */
async function measure(rows: readonly Row[], runs: number, seed: number) {
  const images = rows.length;
  const out: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  // How many wrong labels the suspects list finds, and how long it is: speed must not cost the finding.
  const quality: Record<string, number> = {};
  // Few labels (typical items), then half the catalogue reviewed (committee); suspects check every reviewed image.
  for (const [key, reviewed] of [
    ['suggestTypical', 50],
    ['suggestInformative', Math.floor(images / 2)],
    ['suspects', Math.floor(images / 2)],
  ] as const) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-bench-assist-'));
    try {
      const ctx = await createAppContext(path.join(dir, 'catalogue.sqlite'));
      try {
        const wrong = fillAssistCatalogue(ctx.db, rows, reviewed, seed);
        if (key === 'suspects') {
          const { seconds, cpuSeconds, last } = await timed(runs, () => suspectLabels(ctx.db, 'motif', 1000, seed));
          out[key] = seconds;
          cpu[key] = cpuSeconds;
          Object.assign(quality, { wrongLabels: wrong.size, suspectsListed: last.items.length, wrongLabelsListed: last.items.filter((s) => wrong.has(s.imageId)).length });
        } else ({ seconds: out[key], cpuSeconds: cpu[key] } = await timed(runs, () => suggestNext(ctx.db, 'motif', 20, seed)));
        process.stderr.write(`${images} images, ${reviewed} reviewed: ${key} median ${out[key]} s (CPU ${cpu[key]} s)\n`);
      } finally {
        await closeAppContext(ctx);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return { images, ...out, underTarget: Math.max(...Object.values(out)) < TARGET_SECONDS, cpuSeconds: cpu, ...quality };
}

export function registerAssistBench(bench: Command): void {
  bench
    .command('assist')
    .description('Suggested next ("Saran berikutnya") and suspect labels: median seconds on synthetic cached embeddings')
    .option('--images <list>', 'catalogue sizes, comma-separated', '1000,5000')
    .option('--runs <n>', 'timed runs per measurement', '3')
    .option('--seed <n>', 'seed', '1')
    .option('--dataset <folder>', 'instead of synthetic embeddings, the backbone\'s of a labelled folder with motif sub-folders (batik-irina4)')
    .option('--workers <n>', 'with --dataset: backbone workers for the one-off embedding step', (v) => Number.parseInt(v, 10))
    .action(async (opts: { images: string; runs: string; seed: string; dataset?: string; workers?: number }) => {
      try {
        const seed = Number(opts.seed);
        const catalogues = opts.dataset
          ? [await datasetRows(opts.dataset, opts.workers)]
          : opts.images.split(',').map((s) => syntheticRows(Number.parseInt(s, 10), MOTIF_LABELS.length, seed));
        const results = [];
        for (const rows of catalogues) results.push(await measure(rows, Number(opts.runs), seed));
        const data = opts.dataset ? path.basename(opts.dataset) : 'synthetic';
        process.stdout.write(JSON.stringify({ bench: 'assist', data, targetSeconds: TARGET_SECONDS, runs: Number(opts.runs), results }) + '\n');
      } catch (err) {
        reportCliError(err);
      }
    });
}
