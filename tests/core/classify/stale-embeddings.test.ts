import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { JobStatus, PrunedEmbeddings } from '../../../electron/common/contract/index.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { startPruneJob } from '../../../electron/core/classify/prune-job.js';
import { pruneAndCompact, type PruneProgress } from '../../../electron/core/classify/stale-embeddings.js';
import { openCatalogue } from '../../../electron/core/db/open.js';
import { EARLIER_BACKBONE, EARLIER_DIM, plantUpgradedEmbeddings } from '../../helpers/embeddings.js';
import { waitForJob } from '../../helpers/jobs.js';
import { sampleResult } from '../../helpers/job-results.js';
import { tempContext } from '../../helpers/temp.js';

const OLD_BYTES = 6 * EARLIER_DIM * 4;
const DISK_FULL_WORKER = new URL('./fixtures/prune-worker-disk-full.js', import.meta.url);
/** Each row takes 700 ms (or CANTING_TEST_DELETE_MS) to delete, inside its chunk's transaction. */
const SLOW_WORKER = new URL('./fixtures/prune-worker-slow.js', import.meta.url);

async function upgraded() {
  const ctx = await tempContext();
  await plantUpgradedEmbeddings(ctx.db, path.dirname(ctx.cataloguePath));
  return ctx;
}

/** A catalogue with `views` more old 5 KB vectors per image (3 images), as an archive upgraded from an earlier release has. */
async function upgradedLarge(views: number) {
  const ctx = await upgraded();
  ctx.db
    .prepare(
      `WITH RECURSIVE v(n) AS (SELECT 2 UNION ALL SELECT n + 1 FROM v WHERE n < ?)
       INSERT INTO embeddings (image_id, backbone, view, vector, created_at)
       SELECT i.id, ?, v.n, randomblob(${EARLIER_DIM * 4}), 'x' FROM images i, v`,
    )
    .run(views + 1, EARLIER_BACKBONE);
  return ctx;
}

function jobEvents(ctx: AppContext): JobStatus[] {
  const events: JobStatus[] = [];
  ctx.events.subscribe((e) => e.type === 'job' && e.job.kind === 'prune' && events.push(e.job));
  return events;
}

function changes(ctx: AppContext): string[] {
  const reasons: string[] = [];
  ctx.events.subscribe((e) => e.type === 'catalogue-changed' && reasons.push(e.reason));
  return reasons;
}

async function startedJob(ctx: AppContext, input: { vacuum?: boolean }): Promise<{ jobId: string; total: number; vacuum: boolean }> {
  const started = await dispatch('embeddings.prune', input, ctx);
  if (!started.ok) throw new Error(started.error.message);
  return started.value as { jobId: string; total: number; vacuum: boolean };
}

/** Another Canting opening the same file is still refused: the app took its exclusive lock back. */
async function expectLockedAgainstOthers(ctx: AppContext) {
  await expect(openCatalogue(ctx.cataloguePath)).rejects.toThrow(/is open in another Canting window or process/);
}

/** Resolves with the first event of the job that has deleted something. */
function firstProgress(ctx: AppContext): Promise<JobStatus> {
  return new Promise((resolve) => {
    const off = ctx.events.subscribe((e) => {
      if (e.type === 'job' && e.job.kind === 'prune' && e.job.done > 0) {
        off();
        resolve(e.job);
      }
    });
  });
}

describe('embeddings.stale and embeddings.prune', () => {
  it('lists the earlier backbone’s vectors, deletes only those in a job that reports progress and its result, and then lists none', async () => {
    const ctx = await upgraded();
    const reasons = changes(ctx);
    const events = jobEvents(ctx);

    const listed = await dispatch('embeddings.stale', {}, ctx);
    expect(listed).toMatchObject({
      ok: true,
      value: { backbones: [{ backbone: EARLIER_BACKBONE, vectors: 6, bytes: OLD_BYTES }], vectors: 6, bytes: OLD_BYTES, catalogueBytes: expect.any(Number) },
    });

    const started = await startedJob(ctx, { vacuum: true });
    expect(started).toEqual({ jobId: expect.stringMatching(/^prune-/), total: 6, vacuum: true });
    const job = await waitForJob(ctx, started.jobId);
    expect(job).toMatchObject({ kind: 'prune', state: 'done', found: 6, done: 6 });
    const result = job.result as PrunedEmbeddings;
    expect(result).toMatchObject({ backbones: [{ backbone: EARLIER_BACKBONE, vectors: 6, bytes: OLD_BYTES }], vectors: 6, bytes: OLD_BYTES, vacuumed: true });
    // compacting really shrank the file (and emptied its log)
    expect(result.fileBytesAfter).toBeLessThan(result.fileBytesBefore!);
    expect(result.fileBytesAfter).toBe(fs.statSync(ctx.cataloguePath).size);
    // the last event carries the result, so the Models panel needs no further call
    expect(events.at(-1)).toMatchObject({ id: started.jobId, state: 'done', done: 6, found: 6, result });
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));

    expect(await dispatch('embeddings.stale', {}, ctx)).toMatchObject({ ok: true, value: { backbones: [], vectors: 0, bytes: 0 } });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
    expect(reasons).toEqual(['embeddings-pruned']);
    await expectLockedAgainstOthers(ctx);

    // nothing left: deleting again is refused and changes nothing
    expect(await dispatch('embeddings.prune', { vacuum: true }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('nothing to delete') } });
    expect(reasons).toEqual(['embeddings-pruned']);
  });

  it('deletes without compacting unless asked, and refuses unknown options', async () => {
    const ctx = await upgraded();
    expect(await dispatch('embeddings.prune', { vacum: true }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(6);
    const job = await waitForJob(ctx, (await startedJob(ctx, {})).jobId);
    expect(job).toMatchObject({ state: 'done', result: { vectors: 6, vacuumed: false } });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
  });

  it('keeps answering calls while a large deletion and compaction run on its worker', async () => {
    const ctx = await upgradedLarge(1000); // 3,006 old vectors, 15 MB
    const events = jobEvents(ctx);
    const started = await startedJob(ctx, { vacuum: true });
    expect(started.total).toBe(3006);

    const listed = await dispatch('embeddings.stale', {}, ctx);
    expect(listed.ok).toBe(true);
    expect(await dispatch('catalogue.info', {}, ctx)).toMatchObject({ ok: true });
    // both answered before the deletion had finished
    expect(ctx.jobs.get(started.jobId).state).toBe('running');

    const job = await waitForJob(ctx, started.jobId);
    expect(job).toMatchObject({ state: 'done', found: 3006, done: 3006, result: { vectors: 3006, vacuumed: true } });
    expect(events.every((e) => e.found === 0 || e.found === 3006)).toBe(true);
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
    await expectLockedAgainstOthers(ctx);
  });

  it('saves the app’s own changes between the deletion’s chunks, however closely they follow each other', async () => {
    const ctx = await upgraded();
    // Chunks of 150 ms each: without a pause between them the app's 300 ms wait would never find the lock free.
    process.env.CANTING_TEST_DELETE_MS = '150';
    const job = startPruneJob(ctx, { chunkRows: 1, workerUrl: SLOW_WORKER });
    delete process.env.CANTING_TEST_DELETE_MS;
    await firstProgress(ctx);
    const saved: unknown[] = [];
    // at different points of the worker's cycle: some meet a chunk and must wait for the gap after it
    while (ctx.jobs.get(job.id).state === 'running' && saved.length < 4) {
      saved.push(await dispatch('settings.set', { validator: `Sari ${saved.length}` }, ctx));
      await new Promise((r) => setTimeout(r, 110));
    }
    expect(saved.length).toBeGreaterThan(2);
    for (const [i, r] of saved.entries()) expect(r).toMatchObject({ ok: true, value: { validator: `Sari ${i}` } });
    expect(await waitForJob(ctx, job.id)).toMatchObject({ state: 'done', done: 6 });
  });

  it('a change that meets the worker’s write lock is refused with why, changes nothing, and goes through afterwards', async () => {
    const ctx = await upgraded();
    const job = startPruneJob(ctx, { chunkRows: 1, workerUrl: SLOW_WORKER });
    await firstProgress(ctx);
    await new Promise((r) => setTimeout(r, 300)); // past the worker's 75 ms pause: inside its second chunk's 700 ms
    expect(await dispatch('embeddings.stale', {}, ctx)).toMatchObject({ ok: true }); // reading still works
    const refused = await dispatch('settings.set', { validator: 'Sari' }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((refused as { error: { message: string } }).error.message).toBe(
      'The catalogue is busy: old feature vectors are being deleted in the background (Models panel). This change was not saved; try again when that has finished.',
    );
    ctx.jobs.cancel(job.id);
    await waitForJob(ctx, job.id);
    expect(await dispatch('settings.get', {}, ctx)).toMatchObject({ ok: true, value: { validator: null } });
    expect(await dispatch('settings.set', { validator: 'Sari' }, ctx)).toMatchObject({ ok: true, value: { validator: 'Sari' } });
  });

  it('while the file is compacted, a change is refused at once with why, and reading still works', async () => {
    const ctx = await upgraded();
    process.env.CANTING_TEST_DELETE_MS = '0';
    process.env.CANTING_TEST_VACUUM_MS = '1500';
    const job = startPruneJob(ctx, { vacuum: true, workerUrl: SLOW_WORKER });
    delete process.env.CANTING_TEST_DELETE_MS;
    delete process.env.CANTING_TEST_VACUUM_MS;
    await new Promise<void>((resolve) => {
      const off = ctx.events.subscribe((e) => e.type === 'job' && e.job.message?.startsWith('Compacting') && (off(), resolve()));
    });
    await new Promise((r) => setTimeout(r, 100)); // the worker has taken the lock just after saying so
    expect(await dispatch('embeddings.stale', {}, ctx)).toMatchObject({ ok: true });
    expect(await dispatch('settings.set', { validator: 'Sari' }, ctx)).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message:
          'The catalogue is busy: old feature vectors are being deleted and the file compacted in the background (Models panel). This change was not saved; try again when that has finished.',
      },
    });
    expect(await waitForJob(ctx, job.id)).toMatchObject({ state: 'done', message: null, result: { vectors: 6, vacuumed: true } });
    expect(await dispatch('settings.set', { validator: 'Sari' }, ctx)).toMatchObject({ ok: true, value: { validator: 'Sari' } });
  });

  it('a stop between chunks keeps what was deleted and says how much', async () => {
    const ctx = await upgraded();
    const reasons = changes(ctx);
    const job = startPruneJob(ctx, { chunkRows: 1, workerUrl: SLOW_WORKER });
    await firstProgress(ctx);
    ctx.jobs.cancel(job.id);
    const status = await waitForJob(ctx, job.id);
    expect(status.state).toBe('cancelled');
    const left = countEmbeddings(ctx.db, EARLIER_BACKBONE);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(6);
    expect(status.done).toBe(6 - left);
    expect(status.message).toBe(`Stopped after deleting ${6 - left} of 6 old vector(s); the other ${left} are still in the catalogue (delete again to finish).`);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
    expect(reasons).toEqual(['embeddings-pruned']);
    await expectLockedAgainstOthers(ctx);
  });

  it('a full disk while compacting keeps the deletion and says what happened and what it needs', async () => {
    const ctx = await upgraded();
    const reasons = changes(ctx);
    const job = startPruneJob(ctx, { vacuum: true, workerUrl: DISK_FULL_WORKER });
    const status = await waitForJob(ctx, job.id);
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/^Not enough free disk space to compact ".*catalogue\.sqlite": compacting needs up to \d+ MB, twice the catalogue’s size, on the catalogue’s drive and in the system’s temporary folder\./);
    expect(status.message).toContain('The 6 old vector(s) were deleted');
    await expect(job.done).rejects.toMatchObject({ code: 'io' });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
    expect(reasons).toEqual(['embeddings-pruned']);
    await expectLockedAgainstOthers(ctx);
  });

  it('a failure while deleting keeps the chunks already deleted and says how many', async () => {
    const ctx = await upgraded();
    // a second stale backbone, whose deletion fails after the first one's succeeded
    ctx.db.exec(`INSERT INTO embeddings (image_id, backbone, view, vector, created_at) SELECT image_id, 'zz-older', view, vector, created_at FROM embeddings WHERE backbone = '${EARLIER_BACKBONE}'`);
    ctx.db.exec("CREATE TRIGGER refuse BEFORE DELETE ON embeddings WHEN old.backbone = 'zz-older' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const status = await waitForJob(ctx, (await startedJob(ctx, {})).jobId);
    expect(status.state).toBe('failed');
    expect(status.message).toBe('Deleting the old vectors failed: refused. 6 of 12 old vector(s) had been deleted; the other 6 are still in the catalogue.');
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, 'zz-older')).toBe(6);
    await expectLockedAgainstOthers(ctx);
  });

  it('refuses to compact while another job runs, and a second deletion while one runs', async () => {
    const ctx = await upgraded();
    const other = ctx.jobs.start('export', 'CSV → katalog.csv', () => new Promise((r) => setTimeout(() => r(sampleResult('export')), 200)));
    expect(await dispatch('embeddings.prune', { vacuum: true }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Compacting locks the catalogue against changes while it runs. Wait for “CSV → katalog.csv” to finish, or delete without compacting.' },
    });
    await other.done;
    const first = await startedJob(ctx, {});
    expect(await dispatch('embeddings.prune', {}, ctx)).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Old feature vectors are already being deleted' } });
    await waitForJob(ctx, first.jobId);
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
  });
});

describe('pruneAndCompact (the CLI’s synchronous path, and the worker’s)', () => {
  it('deletes a chunk at a time, reporting each, then compacting', async () => {
    const ctx = await upgraded();
    const progress: PruneProgress[] = [];
    const result = pruneAndCompact(ctx.db, ctx.cataloguePath, { vacuum: true, chunkRows: 4, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ vectors: 6, vacuumed: true });
    expect(progress).toEqual([
      { deleted: 4, total: 6, compacting: false },
      { deleted: 6, total: 6, compacting: false },
      { deleted: 6, total: 6, compacting: true },
    ]);
  });

  it('stops when asked between chunks, keeping those deleted', async () => {
    const ctx = await upgraded();
    let asked = 0;
    expect(() => pruneAndCompact(ctx.db, ctx.cataloguePath, { chunkRows: 2, stopRequested: () => ++asked > 2 })).toThrow(
      'Stopped after deleting 4 of 6 old vector(s); the other 2 are still in the catalogue (delete again to finish).',
    );
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(2);
  });

  it('a full disk while compacting keeps the deletion', async () => {
    const ctx = await upgraded();
    const exec = ctx.db.exec.bind(ctx.db);
    vi.spyOn(ctx.db, 'exec').mockImplementation((sql: string) => {
      if (sql === 'VACUUM') throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return exec(sql);
    });
    expect(() => pruneAndCompact(ctx.db, ctx.cataloguePath, { vacuum: true })).toThrow(/^Not enough free disk space to compact .* The 6 old vector\(s\) were deleted/);
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
  });
});
