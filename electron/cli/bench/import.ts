import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Command } from 'commander';
import { closeAppContext, createAppContext } from '../../core/app/create.js';
import { startImport } from '../../core/importer/job.js';
import { seededRandom } from '../../core/random.js';

const SIZE = 640;
const DUPLICATE_EVERY = 20; // 5 % exact copies of an earlier file
const CORRUPT_EVERY = 50; // 2 % truncated JPEGs

/**
 * A 640×640 photo-like JPEG, unique per seed: seed-chosen smooth waves drawn
 * at 40×40 and upsampled by sharp (cheap), under a fine batik-like stripe
 * texture so the files compress like textured photos (~100 KB).
 */
async function photoJpeg(seed: number): Promise<Buffer> {
  const r = seededRandom(seed);
  const low = 40;
  const waves = Array.from({ length: 3 }, () => ({ fx: (r() * 3 + 0.5) / low, fy: (r() * 3 + 0.5) / low, ph: r() * 6.28, amp: 30 + r() * 40 }));
  const tint = [0.5 + r() / 2, 0.5 + r() / 2, 0.5 + r() / 2];
  const small = Buffer.alloc(low * low * 3);
  for (let y = 0; y < low; y++) {
    for (let x = 0; x < low; x++) {
      let v = 128;
      for (const w of waves) v += w.amp * Math.sin(6.28 * (w.fx * x + w.fy * y) + w.ph);
      for (let c = 0; c < 3; c++) small[(y * low + x) * 3 + c] = Math.max(0, Math.min(255, v * tint[c]));
    }
  }
  const { data } = await sharp(small, { raw: { width: low, height: low, channels: 3 } })
    .resize(SIZE, SIZE, { kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const period = 4 + Math.floor(r() * 8);
  for (let p = 0, px = 0; p < data.length; p += 3, px++) {
    const t = ((px % SIZE) + Math.floor(px / SIZE)) % period < period / 2 ? 12 : -12;
    for (let c = 0; c < 3; c++) data[p + c] = Math.max(0, Math.min(255, data[p + c] + t));
  }
  return sharp(data, { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

/** Write the fixture folder: nested by "box", with duplicates and corrupt files mixed in. */
async function generate(dir: string, n: number): Promise<void> {
  const names = (i: number) => path.join(dir, `box${String(Math.floor(i / 500)).padStart(3, '0')}`, `photo_${String(i).padStart(6, '0')}.jpg`);
  for (let start = 0; start < n; start += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, n - start) }, async (_, k) => {
        const i = start + k;
        const file = names(i);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        if (i > 0 && i % DUPLICATE_EVERY === 0) {
          fs.writeFileSync(file, await photoJpeg(i - 7)); // same bytes as an earlier photo
        } else if (i % CORRUPT_EVERY === 1) {
          const bytes = await photoJpeg(i);
          fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 3)));
        } else {
          fs.writeFileSync(file, await photoJpeg(i));
        }
      }),
    );
  }
}

/**
 * Several sizes, each in a fresh process (so one run's heap cannot inflate the
 * next one's peak), then one JSON line with every run and the peak-memory
 * ratio of the largest to the smallest: "memory flat in the number of files".
 */
function runScaling(sizes: number[], workers: number | undefined): void {
  const runs = [...sizes].sort((a, b) => a - b).map((n) => {
    const args = [...process.execArgv, process.argv[1], 'bench', 'import', '--n', String(n), ...(workers ? ['--workers', String(workers)] : [])];
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`the ${n}-file run failed (exit ${child.status})`);
    const last = child.stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(last) as { files: number; peakRssMb: number; filesPerSecond: number };
  });
  const smallest = runs[0];
  const largest = runs[runs.length - 1];
  const result = {
    bench: 'import-scaling',
    runs,
    peakMemoryRatio: Math.round((largest.peakRssMb / smallest.peakRssMb) * 100) / 100,
    filesPerSecondRatio: Math.round((largest.filesPerSecond / smallest.filesPerSecond) * 100) / 100,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** `canting bench import` (npm run bench:import): prints one JSON object as its last line. */
export function registerImportBench(bench: Command): void {
  bench
    .command('import')
    .description('Import throughput and peak memory on N synthetic 640×640 JPEGs (5 % duplicates, 2 % corrupt)')
    .option('--n <files>', 'files to generate; a comma list (1000,10000) runs each size in its own process and adds the memory ratio', '1000')
    .option('--workers <n>', 'worker threads (default: one per core)', (v) => Number.parseInt(v, 10))
    .option('--generate <dir>', 'only write the fixture files into <dir> (used internally)')
    .action(async (raw: { n: string; workers?: number; generate?: string }) => {
      const sizes = raw.n.split(',').map((v) => Number.parseInt(v, 10));
      if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--n must be a positive whole number or a comma list of them, not "${raw.n}"`);
      if (sizes.length > 1) {
        runScaling(sizes, raw.workers);
        return;
      }
      const opts = { ...raw, n: sizes[0] };
      if (opts.generate) {
        await generate(opts.generate, opts.n);
        return;
      }
      const log = (s: string) => process.stderr.write(`${s}\n`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-bench-import-'));
      try {
        const photos = path.join(dir, 'photos');
        const g0 = Date.now();
        // Generated in a child process, so its memory does not count as the import's.
        const gen = spawnSync(process.execPath, [...process.execArgv, process.argv[1], 'bench', 'import', '--n', String(opts.n), '--generate', photos], {
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        if (gen.status !== 0) throw new Error('generating the fixture files failed');
        log(`generated ${opts.n} files in ${((Date.now() - g0) / 1000).toFixed(1)} s`);

        const ctx = await createAppContext(path.join(dir, 'catalogue.sqlite'));
        const baselineRss = process.memoryUsage().rss;
        let peakRss = baselineRss;
        const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
        const t0 = performance.now();
        const cpu0 = process.cpuUsage(); // all threads of this process (main + import workers)
        const job = startImport(ctx, [photos], { workers: opts.workers });
        const summary = await job.done;
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        clearInterval(sampler);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        await closeAppContext(ctx);
        const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
        const result = {
          bench: 'import',
          files: summary.found,
          imported: summary.imported,
          duplicates: summary.duplicates,
          failed: summary.failed,
          seconds: Math.round(seconds * 100) / 100,
          filesPerSecond: Math.round((summary.found / seconds) * 10) / 10,
          // CPU time per file: less sensitive than files/s to other load on a shared machine.
          cpuMsPerFile: Math.round(((cpu.user + cpu.system) / 1000 / summary.found) * 10) / 10,
          loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
          baselineRssMb: mb(baselineRss),
          peakRssMb: mb(peakRss),
          workers: opts.workers ?? os.availableParallelism(),
          cpus: os.availableParallelism(),
          imageSize: `${SIZE}x${SIZE}`,
        };
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
}
