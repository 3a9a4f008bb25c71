import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Command } from 'commander';
import { closeAppContext, createAppContext } from '../../core/app/create.js';
import { switchPipeline } from '../../core/workflows/switch-pipeline.js';
import type { BackendName } from '../../core/classify/backend.js';
import { DEFAULT_BACKBONE_ID } from '../../core/classify/backbones/default.js';
import { BACKBONES, findBackbone, viewCount } from '../../core/classify/backbones/definitions.js';
import { engineFromEnv } from '../../core/classify/engines.js';
import { viewPixels } from '../../core/classify/backbones/views.js';
import { startClassify } from '../../core/classify/job.js';
import { EnginePool, pipelined } from '../../core/classify/pool.js';

/** Deterministic batik-like 256×256 JPEGs (stripes / dots), so every run measures the same bytes. */
async function writeFixtures(dir: string, n: number): Promise<string[]> {
  const size = 256;
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const buf = Buffer.alloc(size * size * 3);
    const period = 6 + (i % 11);
    const c1 = [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256];
    const c2 = [255 - c1[0], (c1[1] + 80) % 256, (c1[2] + 160) % 256];
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const on = i % 2 ? (x % period) ** 2 + (y % period) ** 2 < (period / 2) ** 2 : Math.floor((x + y) / period) % 2 === 0;
        const c = on ? c1 : c2;
        const o = (y * size + x) * 3;
        buf[o] = c[0] ^ ((x * y + i) & 15);
        buf[o + 1] = c[1];
        buf[o + 2] = c[2];
      }
    const file = path.join(dir, `bench_${String(i).padStart(5, '0')}.jpg`);
    await sharp(buf, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 85 }).toFile(file);
    files.push(file);
  }
  return files;
}

/** `canting bench classify` (npm run bench:classify): prints one JSON object as its last line. */
export function registerClassifyBench(bench: Command): void {
  bench
    .command('classify')
    .description('Classification throughput: backbone on pre-made tensors vs JPEG files on disk → predictions in SQLite')
    // 480 by default: a classify job's one-off start (registering the bundled models, loading the
    // head, about 0.15 s) is then ~1.5 % of the run, as it is for an archive of thousands; at 160
    // images it would be ~4 % and the ratio would mostly measure the start.
    .option('--images <n>', 'images per measurement', (v) => Number.parseInt(v, 10), 480)
    .option('--workers <n>', 'inference workers (default: one per core)', (v) => Number.parseInt(v, 10))
    .option('--backend <name>', 'TensorFlow.js backend: tensorflow | wasm | cpu (default: best available)')
    .option('--engine <name>', 'onnxruntime | tfjs (default: CANTING_ENGINE, else the best that starts for the pipeline)')
    .option('--threads <n>', "ONNX Runtime's threads per worker (default 1)", (v) => Number.parseInt(v, 10))
    .option('--pipeline <id>', `backbone definition: ${BACKBONES.map((b) => b.id).join(', ')}`, DEFAULT_BACKBONE_ID)
    .action(async (opts: { images: number; workers?: number; backend?: BackendName; engine?: string; threads?: number; pipeline: string }) => {
      const engineFamily = engineFromEnv({ CANTING_ENGINE: opts.engine ?? process.env.CANTING_ENGINE });
      const def = findBackbone(opts.pipeline);
      if (!def) throw new Error(`unknown pipeline "${opts.pipeline}"; known: ${BACKBONES.map((b) => b.id).join(', ')}`);
      const log = (s: string) => process.stderr.write(`${s}\n`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-bench-classify-'));
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      try {
        const files = await writeFixtures(path.join(dir, 'photos'), opts.images);
        const pool = await EnginePool.start({ workers: opts.workers, prefer: opts.backend, backboneId: def.id, engine: engineFamily, threads: opts.threads });
        log(`backend ${pool.backend.detail}; ${pool.size} worker(s); ${opts.images} images; pipeline ${def.label}`);
        const batch = 8;
        // Engine only: every view of an image is one network input.
        const views = viewCount(def);
        const pixels = viewPixels(def) * views;
        // Warm-up: one batch per worker, so both measurements start from warm engines.
        await Promise.all(Array.from({ length: pool.size }, () => pool.embedPixels(new Float32Array(batch * pixels).fill(0.5), batch * views)));

        // 1. Engine only: pre-made tensors, all workers busy.
        const indices = Array.from({ length: opts.images }, (_, i) => i);
        // Made before the clock starts; each request copies it (the buffer is transferred away).
        const template = new Float32Array(batch * pixels);
        for (let i = 0; i < template.length; i++) template[i] = ((i * 2654435761) >>> 24) / 255;
        let t0 = performance.now();
        let cpu0 = process.cpuUsage();
        await pipelined(
          indices,
          batch,
          pool.size * 2,
          (b) => {
            return pool.embedPixels(template.slice(0, b.length * pixels), b.length * views);
          },
          () => undefined,
        );
        const engine = opts.images / ((performance.now() - t0) / 1000);
        // CPU time per image (all threads of this process): less sensitive than wall time to other load on the machine.
        const cpuMs = (since: NodeJS.CpuUsage) => {
          const d = process.cpuUsage(since);
          return (d.user + d.system) / 1000 / opts.images;
        };
        const engineCpu = cpuMs(cpu0);
        log(`engine only: ${engine.toFixed(1)} img/s`);
        const r2 = (x: number) => Math.round(x * 100) / 100;
        // The one JSON line of results (the pool is closed by then, so its peak memory is in).
        const printResult = (endToEnd: number, endToEndCpu: number, extra: Record<string, string | number>) => {
          peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
          process.stdout.write(
            `${JSON.stringify({
              pipeline: def.id,
              images: opts.images,
              workers: pool.size,
              engineImagesPerSecond: r2(engine),
              endToEndImagesPerSecond: r2(endToEnd),
              ratio: r2(endToEnd / engine),
              engineCpuMsPerImage: Math.round(engineCpu),
              endToEndCpuMsPerImage: Math.round(endToEndCpu),
              ...extra,
              loadAverage1m: r2(os.loadavg()[0]),
              backend: pool.backend.name,
              backendDetail: pool.backend.detail,
              skipped: pool.backend.skipped,
              peakRssMb: Math.round(peakRss / 1024 / 1024),
            })}\n`,
          );
        };
        // 2. End to end: JPEGs on disk → decode/resize → backbone → head → SQLite, through the classify job.
        const ctx = await createAppContext(path.join(dir, 'bench.sqlite'));
        try {
          // The catalogue switches to the pipeline measured, which activates the head shipped for it (models/), if any.
          const switched = switchPipeline(ctx.db, ctx.jobs, def.id);
          if (switched.toRetrain.some((h) => h.facet === 'motif')) {
            // No shipped head reads this pipeline's features: end to end stops at the embeddings (files → decode → views → network).
            t0 = performance.now();
            cpu0 = process.cpuUsage();
            let embedded = 0;
            await pipelined(files.map((f, key) => ({ key, path: f })), batch, pool.size * 2, (b) => pool.embedFiles(b), (r) => void (embedded += r.vectors.size));
            const endToEnd = embedded / ((performance.now() - t0) / 1000);
            const endToEndCpu = cpuMs(cpu0);
            await pool.close();
            printResult(endToEnd, endToEndCpu, { endToEndScope: 'JPEG files → embeddings (no head of this pipeline is shipped)' });
            return;
          }
          const now = new Date().toISOString();
          const root = path.join(dir, 'photos');
          const rootId = Number(ctx.db.prepare('INSERT INTO import_roots (path, created_at) VALUES (?, ?)').run(root, now).lastInsertRowid);
          const ins = ctx.db.prepare(
            'INSERT INTO images (sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES (?, ?, ?, ?, ?, 256, 256, ?, ?)',
          );
          ctx.db.transaction(() => {
            for (const f of files) {
              const bytes = fs.readFileSync(f);
              ins.run(crypto.createHash('sha256').update(bytes).digest('hex'), rootId, path.basename(f), path.basename(f), bytes.length, 'jpeg', now);
            }
          })();
          t0 = performance.now();
          cpu0 = process.cpuUsage();
          const job = await startClassify(ctx, { facet: 'motif' }, { pool, prefer: opts.backend });
          const result = await job.done;
          const endToEnd = result.classified / ((performance.now() - t0) / 1000);
          const endToEndCpu = cpuMs(cpu0);
          const stored = (ctx.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n;
          if (stored !== opts.images) throw new Error(`expected ${opts.images} predictions, found ${stored}`);
          log(`end to end: ${endToEnd.toFixed(1)} img/s (${stored} predictions stored)`);
          await pool.close();
          clearInterval(sampler);
          printResult(endToEnd, endToEndCpu, { endToEndScope: 'JPEG files → predictions stored in SQLite (the classify job, shipped head)', cpuRatio: r2(engineCpu / endToEndCpu) });
        } finally {
          await closeAppContext(ctx);
        }
      } finally {
        clearInterval(sampler);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
}
