import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import Database from 'better-sqlite3';
import { closeAppContext, createAppContext } from '../../core/app/create.js';
import { APP_ROOT } from '../../core/app/paths.js';
import { reportCliError } from '../context.js';
import { call } from '../call.js';
import { fillCatalogue } from './grid.js';
import { seededRandom } from '../../core/random.js';

/**
 * bench:team: N validators, each with their own session, deciding labels
 * against one `canting serve` process (a separate process, as in real use, so
 * the clients' own work does not slow the server's event loop). Facet motif
 * needs two validations, so decisions on the same image meet (awaiting,
 * agreements, disputes) as they would in a team. Afterwards every decision
 * the server confirmed is counted in the audit log: confirmed but missing is
 * "lost", more entries than confirmed is "doubled".
 */

const PASSWORD = 'bench-password-1';

interface Options {
  validators: string;
  seconds: string;
  images: string;
  keep?: boolean;
}

function median(sorted: number[]): number {
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
}
function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN;
}

/** Start `canting serve` on a free loopback port and read the URL it prints. */
function serve(db: string): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, [path.join(APP_ROOT, 'bin', 'canting.js'), 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(https?:\/\/[^\s/]+)\//.exec(out);
      if (m) resolve({ child, origin: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`canting serve exited with ${code} before it served`)));
  });
}

async function post(origin: string, name: string, body: unknown, token?: string): Promise<{ status: number; json: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

async function run(opts: Options): Promise<void> {
  const validators = Number(opts.validators);
  const seconds = Number(opts.seconds);
  const images = Number(opts.images);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-bench-team-'));
  const db = path.join(dir, 'team.sqlite');
  try {
    // The catalogue: synthetic rows (no files needed to decide labels), a team, N validators, motif with two required validations.
    const ctx = await createAppContext(db);
    try {
      fillCatalogue(ctx.db, images);
      await call(ctx, 'team.enable', { username: 'admin', displayName: 'Admin', password: PASSWORD });
      for (let i = 1; i <= validators; i++) await call(ctx, 'users.add', { username: `v${i}`, displayName: `Validator ${i}`, role: 'validator', password: PASSWORD });
      await call(ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2 });
    } finally {
      await closeAppContext(ctx);
    }
    const labels = ['kawung', 'parang', 'megamendung', 'truntum'];
    const { child, origin } = await serve(db);
    try {
      const tokens: string[] = [];
      for (let i = 1; i <= validators; i++) {
        const r = await post(origin, 'auth.login', { username: `v${i}`, password: PASSWORD });
        if (r.status !== 200) throw new Error(`sign-in of v${i} failed: ${JSON.stringify(r.json)}`);
        tokens.push((r.json.value as { token: string }).token);
      }
      const latencies: number[] = [];
      const batches = new Map<string, number>();
      let refused = 0;
      let firstError = '';
      const until = performance.now() + seconds * 1000;
      // Each validator works through a random order of a shared slice of images, so people meet on the same photos.
      await Promise.all(
        tokens.map(async (token, v) => {
          const rand = seededRandom(1000 + v);
          const hot = Math.min(images, 2000);
          while (performance.now() < until) {
            const id = 1 + Math.floor(rand() * hot);
            const label = labels[Math.floor(rand() * labels.length)];
            const t0 = performance.now();
            const r = await post(origin, 'review.decide', { facet: 'motif', ids: [id], action: 'label', label }, token);
            latencies.push(performance.now() - t0);
            if (!r.json.ok) {
              refused++;
              firstError ||= `${r.status} ${r.json.error?.code}: ${r.json.error?.message}`;
              continue;
            }
            const value = r.json.value as { batchId: string | null; changed: number };
            if (value.batchId) batches.set(value.batchId, (batches.get(value.batchId) ?? 0) + value.changed);
          }
        }),
      );
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      // What the server confirmed against what the catalogue recorded, batch by batch.
      const check = new Database(db, { readonly: true });
      const stored = new Map(
        (check.prepare(`SELECT batch_id AS b, count(*) AS n FROM audit_log WHERE batch_id IS NOT NULL AND actor LIKE 'Validator %' GROUP BY batch_id`).all() as { b: string; n: number }[]).map((r) => [r.b, r.n]),
      );
      check.close();
      let lost = 0;
      let doubled = 0;
      for (const [b, n] of batches) {
        const s = stored.get(b) ?? 0;
        if (s < n) lost += n - s;
        if (s > n) doubled += s - n;
      }
      for (const [b, s] of stored) if (!batches.has(b)) doubled += s;
      const sorted = [...latencies].sort((a, b) => a - b);
      const decided = [...batches.values()].reduce((a, b) => a + b, 0);
      process.stdout.write(
        `${JSON.stringify({
          bench: 'team',
          validators,
          seconds,
          images,
          requests: latencies.length,
          requestsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
          decisionsPerSecond: Math.round((decided / seconds) * 10) / 10,
          refused,
          ...(firstError ? { firstError } : {}),
          p50Ms: Math.round(median(sorted) * 10) / 10,
          p95Ms: Math.round(percentile(sorted, 0.95) * 10) / 10,
          lost,
          doubled,
          cores: os.cpus().length,
        })}\n`,
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  } finally {
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function registerTeamBench(bench: Command): void {
  bench
    .command('team')
    .description('N validators with their own sessions deciding against one server: decisions/s, p50/p95 latency, lost/doubled decisions')
    .option('--validators <n>', 'simulated validators (separate sessions)', '20')
    .option('--seconds <n>', 'how long they decide', '60')
    .option('--images <n>', 'synthetic images in the catalogue', '20000')
    .option('--keep', 'keep the temporary catalogue')
    .action((opts: Options) => run(opts).catch(reportCliError));
}
