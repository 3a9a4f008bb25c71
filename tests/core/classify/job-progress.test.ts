import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { putEmbedding } from '../../../electron/core/classify/embeddings.js';
import { activeModelFor, startClassify } from '../../../electron/core/classify/job.js';
import type { EnginePool } from '../../../electron/core/classify/pool.js';
import { addImageRows } from '../review/fixture.js';
import { tempContext } from '../../helpers/temp.js';

afterEach(() => vi.useRealTimers());

const CACHED = 40;
const FRESH = 6;

/**
 * A stand-in for the engine pool whose every image takes exactly one second
 * (of a fake clock), so the rate the job reports can be checked exactly.
 */
function oneSecondPerImage(backboneId: string): EnginePool {
  return {
    backboneId,
    size: 1,
    backend: { name: 'cpu', detail: 'fake engine' },
    async embedFiles(items: { key: number; path: string }[]) {
      vi.setSystemTime(Date.now() + 1000 * items.length);
      return { vectors: new Map(items.map((it) => [it.key, new Float32Array(EMBEDDING_DIM).fill(0.5)])), errors: [] };
    },
  } as unknown as EnginePool;
}

describe('classify job progress', () => {
  it('measures rate and ETA over the images the backbone must see, not the cached ones the head alone finished at once', async () => {
    const ctx = await tempContext();
    const ids = addImageRows(ctx.db, Array.from({ length: CACHED + FRESH }, (_, i) => `kain-${i}.jpg`));
    const model = activeModelFor(ctx.db, 'motif');
    for (const id of ids.slice(0, CACHED)) putEmbedding(ctx.db, id, model.backbone, new Float32Array(EMBEDDING_DIM).fill(0.25));
    const seen: JobStatus[] = [];
    ctx.events.subscribe((e) => e.type === 'job' && e.job.kind === 'classify' && seen.push(e.job));

    vi.useFakeTimers({ toFake: ['Date'] });
    const job = await startClassify(ctx, { facet: 'motif' }, { pool: oneSecondPerImage(model.backbone), batchSize: 1 });
    const result = await job.done;
    expect(result).toMatchObject({ total: CACHED + FRESH, classified: CACHED + FRESH, fromCache: CACHED });

    const fresh = seen.filter((s) => s.state === 'running' && s.done > CACHED);
    expect(fresh.length).toBeGreaterThan(2);
    for (const s of fresh) {
      // one image a second, give or take the batch already in flight: not the 40 cached ones over a few seconds
      expect(s.ratePerSecond).toBeGreaterThan(0.4);
      expect(s.ratePerSecond).toBeLessThanOrEqual(1);
      // and so about a second per image left (the QA run saw "about 0 seconds" with 122 to go)
      expect(s.etaSeconds).toBeGreaterThanOrEqual(CACHED + FRESH - s.done);
    }
  });
});
