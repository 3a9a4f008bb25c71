import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startImport } from '../../../electron/core/importer/job.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { writePhoto } from './fixtures/photos.js';

describe('import: the catalogue disk fills up', () => {
  it('stops with a clear message, keeps what was committed, and the same import later finishes the rest', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    for (let i = 0; i < 40; i++) await writePhoto(path.join(dir, `p${String(i).padStart(2, '0')}.jpg`), i + 1, 48);
    const count = () => (ctx.db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n;
    // SQLite's page limit stands in for a full disk: writes past it fail with SQLITE_FULL, as on a full disk.
    const first = startImport(ctx, [dir], {
      workers: 1,
      batchSize: 4,
      afterScan: () => {
        const pages = ctx.db.pragma('page_count', { simple: true }) as number;
        ctx.db.pragma(`max_page_count = ${pages + 2}`);
      },
    });
    const failure = await first.done.then(
      () => null,
      (e: Error) => e,
    );
    const kept = count();
    expect(failure?.message).toBe(`The disk holding the catalogue is full. Free some space, then import the same folder again: it continues where it stopped (${kept} image(s) kept, nothing lost).`);
    expect(ctx.db.prepare('SELECT state FROM import_jobs').pluck().all()).toEqual(['interrupted']);
    expect(kept).toBeLessThan(40);
    // Every image row has its finished queue entry, and no queue entry claims an image that is not there.
    const imported = (ctx.db.prepare("SELECT COUNT(*) AS n FROM import_files WHERE state = 'imported'").get() as { n: number }).n;
    expect(imported).toBe(kept);

    ctx.db.pragma('max_page_count = 1073741823'); // space freed
    const again = await startImport(ctx, [dir], { workers: 1 }).done;
    expect(again.resumed).toBe(true); // the same job, continued
    expect(count()).toBe(40);
    expect(again.failed).toBe(0);
    const distinct = (ctx.db.prepare('SELECT COUNT(DISTINCT sha256) AS n FROM images').get() as { n: number }).n;
    expect(distinct).toBe(40);
  });
});
