import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { Database } from 'better-sqlite3';
import type { GridFilter, GridSort } from '../../common/contract/index.js';
import { closeAppContext, createAppContext } from '../../core/app/create.js';
import { activateModel } from '../../core/models/store.js';
import { gridIds, queryGrid } from '../../core/review/query.js';
import { reportCliError } from '../context.js';
import { seededRandom as rng } from '../../core/random.js';

/**
 * 100,000 synthetic image rows (no files) in 8 import roots with 20 folders
 * each, motif predictions of the active version (motif-v2) with an older
 * version's kept for about half of them (motif-v1), tema predictions, ~8% reviewed,
 * ~3% near-duplicate pairs, ~20% folder hints, ~1% notes, ~0.5% missing.
 * Written with plain SQL, so the grid's triggers do their normal work.
 */
export function fillCatalogue(db: Database, images: number): void {
  const r = rng(42);
  const now = Date.UTC(2026, 0, 1);
  const labelsOf = (facet: number) => db.prepare('SELECT id FROM labels WHERE facet_id = ? ORDER BY position').pluck().all(facet) as number[];
  const motif = labelsOf(2);
  const tema = labelsOf(1);
  db.transaction(() => {
    for (let i = 1; i <= 8; i++) db.prepare('INSERT INTO import_roots (id, path, created_at) VALUES (?, ?, ?)').run(i, `/arsip/drive-${i}`, new Date(now).toISOString());
    const model = db.prepare(
      `INSERT INTO models (id, facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at)
       VALUES (?, ?, ?, 'trained', 'mobilenet_v2', '[]', '{}', '{}', x'00', ?, ?)`,
    );
    model.run(1, 2, 'motif-v1', 0, '2026-01-01T00:00:00Z');
    model.run(2, 2, 'motif-v2', 1, '2026-02-01T00:00:00Z');
    model.run(3, 1, 'tema-v1', 1, '2026-01-01T00:00:00Z');
    const image = db.prepare(
      `INSERT INTO images (id, sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at, dup_group, missing)
       VALUES (?, ?, ?, ?, ?, 150000, 1024, 768, 'jpeg', ?, ?, ?)`,
    );
    const prediction = db.prepare(
      `INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES (?, ?, ?, ?, ?, ?, '[]', ?)`,
    );
    const review = db.prepare(`INSERT INTO reviews (image_id, facet_id, status, label_id, validator, note, updated_at) VALUES (?, 2, ?, ?, 'Bench', ?, ?)`);
    const hint = db.prepare(`INSERT INTO hints (image_id, facet_id, label_id, source) VALUES (?, 2, ?, 'folder')`);
    for (let id = 1; id <= images; id++) {
      const root = 1 + (id % 8);
      const folder = `${2015 + (id % 10)}/batch-${Math.floor(r() * 2)}`;
      const dup = id > 1 && r() < 0.03 ? id - 1 : null;
      const at = new Date(now + id * 1000).toISOString();
      image.run(id, `sha-${id}`, root, `${folder}/IMG_${String(id).padStart(6, '0')}.jpg`, `IMG_${String(id).padStart(6, '0')}.jpg`, at, dup, r() < 0.005 ? 1 : 0);
      if (dup) db.prepare('UPDATE images SET dup_group = ? WHERE id = ? AND dup_group IS NULL').run(dup, dup);
      if (r() < 0.95) {
        const conf = 0.25 + r() * 0.75;
        prediction.run(id, 2, 2, motif[Math.floor(r() * motif.length)], conf, 1 - conf, at);
        if (r() < 0.5) prediction.run(id, 2, 1, motif[Math.floor(r() * motif.length)], 1 - conf / 2, conf / 2, at);
        const tconf = 0.25 + r() * 0.75;
        prediction.run(id, 1, 3, tema[Math.floor(r() * tema.length)], tconf, 1 - tconf, at);
      }
      if (r() < 0.2) hint.run(id, motif[Math.floor(r() * motif.length)]);
      const roll = r();
      if (roll < 0.08) {
        const status = roll < 0.05 ? 'validated' : roll < 0.07 ? 'corrected' : 'rejected';
        review.run(id, status, status === 'rejected' ? null : motif[Math.floor(r() * motif.length)], r() < 0.1 ? 'motif cap, bukan tulis' : null, at);
      }
    }
  })();
  // No ANALYZE: the app never runs it, so the bench must not either.
}

function countPredicted(db: Database, modelId: number): number {
  return db.prepare('SELECT count(*) FROM predictions WHERE model_id = ?').pluck().get(modelId) as number;
}

interface Case {
  name: string;
  filter: GridFilter;
  sort: GridSort;
  desc?: boolean;
  offset?: number;
}

/** Typical filter changes of a validator's day; each answer is one page (200 items) plus counts, as the grid asks. */
const CASES: Case[] = [
  { name: 'all, least certain first', filter: {}, sort: 'uncertainty' },
  { name: 'predicted only, least certain first', filter: { statuses: ['predicted'] }, sort: 'uncertainty' },
  { name: 'label kawung', filter: { labels: ['kawung'] }, sort: 'uncertainty' },
  { name: 'label parang + validated', filter: { labels: ['parang'], statuses: ['validated'] }, sort: 'fileName' },
  { name: 'confidence 0.4-0.6', filter: { minConfidence: 0.4, maxConfidence: 0.6 }, sort: 'confidence' },
  { name: 'import root 3', filter: { rootId: 3 }, sort: 'importedAt' },
  { name: 'folder 2019/ in root 3', filter: { rootId: 3, folder: '2019' }, sort: 'fileName' },
  { name: 'model motif-v2 (the active one)', filter: { modelVersion: 'motif-v2' }, sort: 'uncertainty' },
  { name: 'has duplicate', filter: { hasDuplicate: true }, sort: 'fileName' },
  { name: 'text "IMG_0421"', filter: { text: 'IMG_0421' }, sort: 'fileName' },
  { name: 'text in notes "bukan tulis"', filter: { text: 'bukan tulis' }, sort: 'uncertainty' },
  // The trigram index's worst case: a text every file name contains.
  { name: 'text "jpg" (every image)', filter: { text: 'jpg' }, sort: 'uncertainty' },
  // Under 3 characters: no trigram, the scan of the file-name index.
  { name: 'text "_0" (2 characters, scan)', filter: { text: '_0' }, sort: 'fileName' },
  // Beyond ASCII: the any-case GLOB instead of LIKE, on every row.
  { name: 'text "ñ" (beyond ASCII, any-case GLOB, scan)', filter: { text: 'ñ' }, sort: 'fileName' },
  { name: '200 given ids (suggested next), in their order', filter: { ids: Array.from({ length: 200 }, (_, i) => 1 + ((i * 7919) % 100_000)) }, sort: 'given' },
  { name: 'sort by file name, deep page (offset 90,000)', filter: {}, sort: 'fileName', offset: 90_000 },
  { name: 'unreviewed + predicted, confidence < 0.5, kawung/parang', filter: { statuses: ['unreviewed', 'predicted'], maxConfidence: 0.5, labels: ['kawung', 'parang'] }, sort: 'uncertainty' },
];

function stats(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  const round = (v: number) => Math.round(v * 100) / 100;
  return { median: round(at(0.5)), p95: round(at(0.95)), max: round(s[s.length - 1]) };
}

export function registerGridBench(bench: Command): void {
  bench
    .command('grid')
    .description('Review grid: filter/sort/count latency on a fresh catalogue of synthetic image rows')
    .option('--images <n>', 'image rows to create', '100000')
    .option('--runs <n>', 'timed runs per query (after one warm-up)', '21')
    .action(async (opts: { images: string; runs: string }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-bench-grid-'));
      try {
        const images = Number(opts.images);
        const runs = Number(opts.runs);
        const ctx = await createAppContext(path.join(dir, 'catalogue.sqlite'));
        try {
          const t0 = performance.now();
          fillCatalogue(ctx.db, images);
          const fillSeconds = (performance.now() - t0) / 1000;
          process.stderr.write(`filled ${images} images in ${fillSeconds.toFixed(1)} s\n`);
          const results = CASES.map((c) => {
            const run = () =>
              queryGrid(ctx.db, { facet: 'motif', filter: c.filter, sort: c.sort, desc: c.desc, offset: c.offset ?? 0, limit: 200, counts: true });
            const first = run();
            const samples: number[] = [];
            for (let i = 0; i < runs; i++) {
              const t = performance.now();
              run();
              samples.push(performance.now() - t);
            }
            const s = stats(samples);
            process.stderr.write(`${c.name.padEnd(60)} median ${s.median} ms  p95 ${s.p95} ms  (${first.total} match)\n`);
            return { query: c.name, matches: first.total, medianMs: s.median, p95Ms: s.p95, maxMs: s.max };
          });
          const selectAll: number[] = [];
          for (let i = 0; i < Math.max(5, Math.floor(runs / 2)); i++) {
            const t = performance.now();
            gridIds(ctx.db, 'motif', { statuses: ['predicted'] }, 'uncertainty');
            selectAll.push(performance.now() - t);
          }
          // Activating a version (and rolling back) recomputes the prediction shown on every row either version classified.
          const switchSeconds = (id: number) => {
            const t = performance.now();
            activateModel(ctx.db, id);
            return Math.round(performance.now() - t) / 1000;
          };
          const activateSeconds = switchSeconds(1);
          const rollbackSeconds = switchSeconds(2);
          process.stderr.write(`activate motif-v1: ${activateSeconds} s, roll back to motif-v2: ${rollbackSeconds} s\n`);
          const worstP95 = Math.max(...results.map((r) => r.p95Ms));
          const summary = {
            bench: 'grid',
            images,
            runsPerQuery: runs,
            fillSeconds: Math.round(fillSeconds * 10) / 10,
            targetMs: 100,
            worstMedianMs: Math.max(...results.map((r) => r.medianMs)),
            worstP95Ms: worstP95,
            allUnderTarget: worstP95 < 100,
            selectAllPredictedIds: stats(selectAll),
            activation: { predictedByOld: countPredicted(ctx.db, 2), predictedByNew: countPredicted(ctx.db, 1), activateSeconds, rollbackSeconds },
            queries: results,
          };
          process.stdout.write(JSON.stringify(summary) + '\n');
        } finally {
          await closeAppContext(ctx);
        }
      } catch (err) {
        reportCliError(err);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
}
