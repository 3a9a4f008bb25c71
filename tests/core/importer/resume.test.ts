import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { listImportJobs, startImport } from '../../../electron/core/importer/job.js';
import { killWhenDone } from '../../helpers/kill.js';
import { onCleanup, tempContext, tempDir } from '../../helpers/temp.js';
import { writePhoto } from './fixtures/photos.js';

const CHILD = fileURLToPath(new URL('./fixtures/import-child.ts', import.meta.url));
const N = 24;

describe('import resumes after the process is killed', () => {
  it('keeps what was committed and finishes the rest, with no missing and no doubled rows', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'catalogue.sqlite');
    const photos = path.join(dir, 'photos');
    for (let i = 0; i < N; i++) await writePhoto(path.join(photos, `box${i % 3}`, `p${i}.jpg`), 500 + i, 32);
    fs.copyFileSync(path.join(photos, 'box0', 'p0.jpg'), path.join(photos, 'copy-of-p0.jpg'));
    fs.writeFileSync(path.join(photos, 'broken.jpg'), 'not a photo');

    const killedAt = await killWhenDone(CHILD, [db, photos], 3);
    const total = N + 2;
    expect(killedAt).toBeLessThan(total);

    const ctx = await createAppContext(db);
    onCleanup(() => closeAppContext(ctx));
    const [cut] = listImportJobs(ctx);
    expect(cut).toMatchObject({ state: 'interrupted', found: total });
    expect(cut.pending).toBeGreaterThan(0);
    expect(cut.pending).toBeLessThanOrEqual(total - killedAt);
    const kept = (ctx.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n;
    expect(kept).toBeGreaterThanOrEqual(Math.min(killedAt, N) - 2);

    // Importing the same folder again continues the cut-off job.
    const resumed = startImport(ctx, [photos], { workers: 1 });
    expect(resumed).toMatchObject({ resumed: true, importJobId: cut.id });
    const s = await resumed.done;
    expect(s).toMatchObject({ found: total, imported: N, duplicates: 1, failed: 1, unchanged: 0 });
    const rows = ctx.db.prepare('SELECT rel_path, COUNT(*) AS n FROM images GROUP BY rel_path').all() as { rel_path: string; n: number }[];
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM thumbnails').get() as { n: number }).n).toBe(N);
    expect((ctx.db.prepare("SELECT COUNT(*) AS n FROM import_files WHERE state = 'pending'").get() as { n: number }).n).toBe(0);
    expect(listImportJobs(ctx)[0]).toMatchObject({ id: cut.id, state: 'done', pending: 0 });
  });

  it('a cancelled import can be continued and then finishes without doubles', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    for (let i = 0; i < 12; i++) await writePhoto(path.join(dir, `p${i}.jpg`), 700 + i, 32);
    // cancelled (deterministically) once its queue is written, before any file is done
    const job: ReturnType<typeof startImport> = startImport(ctx, [dir], { workers: 1, afterScan: () => void ctx.jobs.cancel(job.jobId) });
    await expect(job.done).rejects.toThrow(/Cancelled/);
    const [info] = listImportJobs(ctx);
    expect(info.state).toBe('cancelled');
    expect(info.pending).toBe(12);
    const again = startImport(ctx, [dir], { workers: 1 });
    expect(again.resumed).toBe(true);
    expect(await again.done).toMatchObject({ found: 12, imported: 12 });
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n).toBe(12);
  });
});

describe('the imports running now are held by the app context', () => {
  it('reads a running import as running, not cut off, and forgets it once done', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    for (let i = 0; i < 3; i++) await writePhoto(path.join(dir, `p${i}.jpg`), 900 + i, 32);
    let whileRunning: { state: string; live: boolean } | null = null;
    const job: ReturnType<typeof startImport> = startImport(ctx, [dir], {
      workers: 1,
      afterScan: () => {
        whileRunning = { state: listImportJobs(ctx)[0].state, live: ctx.liveImports.has(job.importJobId) };
      },
    });
    await job.done;
    expect(whileRunning).toEqual({ state: 'running', live: true });
    expect(ctx.liveImports.size).toBe(0);
    expect(listImportJobs(ctx)[0].state).toBe('done');
  });
});
