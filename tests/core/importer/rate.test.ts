import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { startImport } from '../../../electron/core/importer/job.js';
import { ImportPool } from '../../../electron/core/importer/pool.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { writePhoto } from './fixtures/photos.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const tick = (seconds: number): void => void vi.setSystemTime(Date.now() + seconds * 1000);

async function folderOf(n: number, seed: number): Promise<string> {
  const dir = tempDir();
  for (let i = 0; i < n; i++) await writePhoto(path.join(dir, `kotak-${i % 2}`, `p${i}.jpg`), seed + i, 32);
  return dir;
}

/** What the import's progress line shows while it runs: files done, rate, seconds left. */
function follow(ctx: AppContext): JobStatus[] {
  const seen: JobStatus[] = [];
  ctx.events.subscribe((e) => e.type === 'job' && e.job.kind === 'import' && seen.push(e.job));
  return seen;
}

const processed = (s: JobStatus) => s.done + s.skipped + s.failed;

/** Every status after the first committed batch reads "1.0 files/s · about <files left> s left". */
function expectOneFilePerSecond(seen: JobStatus[], from: number) {
  const measured = seen.filter((s) => s.state === 'running' && processed(s) > from);
  expect(measured.length).toBeGreaterThan(3);
  for (const s of measured) {
    expect(s.ratePerSecond).toBeCloseTo(1, 6);
    expect(s.etaSeconds).toBeCloseTo(s.found - processed(s), 6);
  }
}

describe('import rate and ETA', () => {
  it('leave out the scan and the workers’ start-up: the first estimate is how fast files are going, not 90 s of setting out', async () => {
    const ctx = await tempContext();
    const dir = await folderOf(10, 300);
    const seen = follow(ctx);
    const run = ImportPool.prototype.run;
    let started = false;
    vi.spyOn(ImportPool.prototype, 'run').mockImplementation(function (this: ImportPool, task) {
      if (!started) tick(30); // the first file waits for the decoder to load
      started = true;
      return run.call(this, task);
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    const job = startImport(ctx, [dir], {
      workers: 1,
      batchSize: 1,
      afterScan: () => tick(60), // a big archive on a slow drive
      onBatch: () => tick(1), // then one file a second
    });
    const summary = await job.done;
    expect(summary).toMatchObject({ found: 10, imported: 10 });
    expectOneFilePerSecond(seen, 1);
    // The finished line says the same rate.
    expect(ctx.jobs.get(job.jobId)).toMatchObject({ state: 'done', ratePerSecond: 1 });
  });

  it('of a continued import count only this run’s files, not those the cut-off run had finished', async () => {
    const ctx = await tempContext();
    const dir = await folderOf(16, 400);
    const first: ReturnType<typeof startImport> = startImport(ctx, [dir], {
      workers: 1,
      batchSize: 1,
      onBatch: (c) => c.imported >= 4 && void ctx.jobs.cancel(first.jobId),
    });
    await expect(first.done).rejects.toThrow(/Cancelled/);
    const earlier = ctx.jobs.get(first.jobId).done;
    expect(earlier).toBeGreaterThanOrEqual(4);
    expect(earlier).toBeLessThan(16 - 4); // files in flight when it stopped are finished too

    const seen = follow(ctx);
    vi.useFakeTimers({ toFake: ['Date'] });
    const again = startImport(ctx, [dir], { workers: 1, batchSize: 1, onBatch: () => tick(1) });
    expect(again.resumed).toBe(true);
    expect(await again.done).toMatchObject({ found: 16, imported: 16 });
    expectOneFilePerSecond(seen, earlier + 1);
  });
});
