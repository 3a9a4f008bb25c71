import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { activeModelFor, startClassify } from '../../../electron/core/classify/job.js';
import type { EnginePool } from '../../../electron/core/classify/pool.js';
import { addImageRows, api } from '../review/fixture.js';
import { tempContext } from '../../helpers/temp.js';

const N = 24;

/** A stand-in for the engine pool (no backbone work); `afterBatch` runs once each batch is computed. */
function fakePool(backboneId: string, afterBatch: (batch: number) => void): EnginePool {
  let batch = 0;
  return {
    backboneId,
    size: 1,
    backend: { name: 'cpu', detail: 'fake engine' },
    async embedFiles(items: { key: number; path: string }[]) {
      afterBatch(++batch);
      return { vectors: new Map(items.map((it) => [it.key, new Float32Array(EMBEDDING_DIM).fill(it.key / N)])), errors: [] };
    },
  } as unknown as EnginePool;
}

describe('classify: the catalogue disk fills up', () => {
  it('stops with a clear message saying how many predictions were kept, and continuing classifies only the rest', async () => {
    const ctx = await tempContext();
    addImageRows(ctx.db, Array.from({ length: N }, (_, i) => `kain-${i}.jpg`));
    const model = activeModelFor(ctx.db, 'motif');
    const predictions = () => ctx.db.prepare('SELECT count(*) FROM predictions WHERE model_id = ?').pluck().get(model.id) as number;
    const seen: JobStatus[] = [];
    ctx.events.subscribe((e) => e.type === 'job' && e.job.kind === 'classify' && seen.push(e.job));

    // SQLite's page limit stands in for a full disk: from the third batch on, writes fail with SQLITE_FULL, as on a full disk.
    const pool = fakePool(model.backbone, (batch) => {
      if (batch === 3) ctx.db.pragma(`max_page_count = ${ctx.db.pragma('page_count', { simple: true }) as number}`);
    });
    const first = await startClassify(ctx, { facet: 'motif' }, { pool, batchSize: 4 });
    const failure = await first.done.then(
      () => null,
      (e: Error) => e,
    );
    const kept = predictions();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(N);
    expect(failure?.message).toBe(
      `The disk holding the catalogue is full. Free some space, then continue with only the unclassified images (Continue on the Classify screen, or canting classify --only-unpredicted): it goes on where it stopped (${kept} prediction(s) of this run kept, nothing lost).`,
    );
    // The interface words it in its language from the job's status.
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ state: 'failed', messageKey: 'classifyDiskFull', params: { kept } });
    expect(ctx.db.prepare("SELECT state FROM jobs WHERE kind = 'classify'").pluck().all()).toEqual(['interrupted']);
    // Every kept prediction is in the grid, with its embedding: nothing half-written.
    expect((await api(ctx, 'classify.status', { facet: 'motif' })).predicted).toBe(kept);
    expect(ctx.db.prepare('SELECT count(*) FROM embeddings').pluck().get()).toBe(kept);

    ctx.db.pragma('max_page_count = 1073741823'); // space freed
    const again = await startClassify(ctx, { facet: 'motif', onlyUnpredicted: true }, { pool: fakePool(model.backbone, () => {}), batchSize: 4 });
    expect(again.total).toBe(N - kept);
    await again.done;
    expect(predictions()).toBe(N);
    expect((await api(ctx, 'classify.status', { facet: 'motif' })).predicted).toBe(N);
  });
});
