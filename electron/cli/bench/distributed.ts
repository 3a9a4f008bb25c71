import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Command } from 'commander';
import type { Database } from 'better-sqlite3';
import { closeAppContext, createAppContext } from '../../core/app/create.js';
import type { AppContext } from '../../core/app/context.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../core/classify/backbone-info.js';
import { putEmbeddings } from '../../core/classify/embeddings.js';
import { startClassify } from '../../core/classify/job.js';
import { RemoteCompute } from '../../core/queue/remote.js';
import { EnginePool } from '../../core/classify/pool.js';

const REDIS_SERVER = '/usr/bin/redis-server';

/** A free loopback port (the bench's redis-server; the tests' redis helper uses it too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(dir: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  const until = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => (sock.destroy(), resolve(true)));
      sock.once('error', () => (sock.destroy(), resolve(false)));
    });
    if (up) return { port, child };
    if (Date.now() > until) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A worker process limited to one thread (engine, decoder and libuv); resolves once its engine is loaded. */
function startWorker(port: number): Promise<ChildProcess> {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = new URL(`./distributed-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).pathname;
  const env = { ...process.env, UV_THREADPOOL_SIZE: '1', VIPS_CONCURRENCY: '1', TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1' };
  const child = spawn(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), script, String(port), '30000'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`bench worker exited (${code}) before it was ready`)));
  });
}

async function writePhotos(dir: string, n: number): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const size = 160;
    const buf = Buffer.alloc(size * size * 3);
    const period = 5 + (i % 9);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const on = Math.floor((x + (i % 2 ? y : -y)) / period) % 2 === 0;
        const o = (y * size + x) * 3;
        buf[o] = on ? (i * 37) % 256 : 30;
        buf[o + 1] = on ? 200 : (i * 91) % 256;
        buf[o + 2] = (x * y + i) & 255;
      }
    const file = path.join(dir, `d_${String(i).padStart(4, '0')}.jpg`);
    await sharp(buf, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 85 }).toFile(file);
    files.push(file);
  }
  return files;
}

function insertImages(db: Database, root: string, files: string[], offset = 0): void {
  const now = new Date().toISOString();
  const rootId = Number(db.prepare('INSERT INTO import_roots (path, created_at) VALUES (?, ?)').run(root, now).lastInsertRowid);
  const ins = db.prepare('INSERT INTO images (sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES (?, ?, ?, ?, ?, 160, 160, ?, ?)');
  db.transaction(() => {
    files.forEach((f, i) => {
      const name = path.basename(f);
      ins.run(crypto.createHash('sha256').update(`${offset + i}:${name}`).digest('hex'), rootId, name, name, 1000, 'jpeg', now);
    });
  })();
}

/** Classify every image from scratch; images per second, and how many were lost (no prediction) or doubled. */
async function classifyAll(ctx: AppContext, images: number, pool?: EnginePool): Promise<{ imagesPerSecond: number; lost: number; doubled: number }> {
  ctx.db.exec('DELETE FROM predictions; DELETE FROM embeddings');
  const t0 = performance.now();
  const r = await (await startClassify(ctx, { facet: 'motif' }, { pool })).done;
  const seconds = (performance.now() - t0) / 1000;
  const perImage = ctx.db.prepare('SELECT count(*) FROM predictions GROUP BY image_id').pluck().all() as number[];
  const embeddings = ctx.db.prepare('SELECT count(*) FROM embeddings').pluck().get() as number;
  return {
    imagesPerSecond: Math.round((r.classified / seconds) * 100) / 100,
    lost: images - perImage.length,
    doubled: perImage.reduce((s, n) => s + n - 1, 0) + Math.max(0, embeddings - images),
  };
}

/** `canting bench distributed` (npm run bench:distributed): one JSON line. */
export function registerDistributedBench(bench: Command): void {
  bench
    .command('distributed')
    .description('Classification on the server’s own threads vs 1 and 2 queue worker processes (one thread each), the server’s write capacity, lost/doubled')
    .option('--images <n>', 'photos per measurement', (v) => Number.parseInt(v, 10), 64)
    .option('--writes <n>', 'cached images for the write-capacity measurement', (v) => Number.parseInt(v, 10), 2000)
    .action(async (opts: { images: number; writes: number }) => {
      if (!fs.existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install redis-server (apt-get install redis-server)`);
      const log = (s: string) => process.stderr.write(`${s}\n`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-bench-distributed-'));
      const children: ChildProcess[] = [];
      const redisDir = path.join(dir, 'redis');
      fs.mkdirSync(redisDir);
      const redis = await startRedis(redisDir);
      children.push(redis.child);
      const ctx = await createAppContext(path.join(dir, 'bench.sqlite'));
      try {
        const photos = path.join(dir, 'photos');
        insertImages(ctx.db, photos, await writePhotos(photos, opts.images));
        // 1. The server's own threads (one engine per core), as without --queue.
        // Started before the clock, as the workers are: both sides measure work, not loading the model.
        const pool = await EnginePool.start();
        const server = await classifyAll(ctx, opts.images, pool);
        await pool.close();
        log(`server threads (${os.availableParallelism()}): ${server.imagesPerSecond} img/s`);

        // 2. and 3. The same through the queue: one worker process, then two (each one thread).
        const remote = new RemoteCompute({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null }, { pollMs: 200 });
        ctx.remote = remote;
        children.push(await startWorker(redis.port));
        const one = await classifyAll(ctx, opts.images);
        log(`1 worker process: ${one.imagesPerSecond} img/s`);
        children.push(await startWorker(redis.port));
        const two = await classifyAll(ctx, opts.images);
        log(`2 worker processes: ${two.imagesPerSecond} img/s`);
        await remote.close();
        ctx.remote = null;

        // 4. The single writer's ceiling: predictions stored per second when the features are at hand
        // (the server's part of every result: head + one transaction per batch).
        const cached = path.join(dir, 'cached');
        const names = Array.from({ length: opts.writes }, (_, i) => path.join(cached, `c_${i}.jpg`));
        insertImages(ctx.db, cached, names, opts.images);
        ctx.db.exec('DELETE FROM predictions');
        const ids = ctx.db.prepare('SELECT id FROM images').pluck().all() as number[];
        const vector = new Float32Array(EMBEDDING_DIM);
        putEmbeddings(ctx.db, BACKBONE_ID, ids.map((imageId) => ({ imageId, vector: vector.map((_, k) => ((imageId * 31 + k) % 97) / 97) })));
        const t0 = performance.now();
        const r = await (await startClassify(ctx, { facet: 'motif' })).done;
        const writesPerSecond = Math.round(r.classified / ((performance.now() - t0) / 1000));
        log(`server write capacity: ${writesPerSecond} predictions/s (${r.classified} from cached features)`);

        process.stdout.write(
          `${JSON.stringify({
            images: opts.images,
            serverThreads: os.availableParallelism(),
            serverThreadsImagesPerSecond: server.imagesPerSecond,
            oneWorkerImagesPerSecond: one.imagesPerSecond,
            twoWorkersImagesPerSecond: two.imagesPerSecond,
            twoToOneRatio: Math.round((two.imagesPerSecond / one.imagesPerSecond) * 100) / 100,
            serverWritesPerSecond: writesPerSecond,
            lost: server.lost + one.lost + two.lost,
            doubled: server.doubled + one.doubled + two.doubled,
            cores: os.cpus().length,
            loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
          })}\n`,
        );
      } finally {
        for (const c of children.reverse()) c.kill('SIGTERM');
        await closeAppContext(ctx);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
}
