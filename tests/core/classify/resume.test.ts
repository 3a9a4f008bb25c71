import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../../electron/core/app/create.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { startClassify } from '../../../electron/core/classify/job.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { killWhenDone } from '../../helpers/kill.js';
import { onCleanup, tempDir } from '../../helpers/temp.js';

const CHILD = fileURLToPath(new URL('./fixtures/classify-child.ts', import.meta.url));
const N = 10;

// Real MobileNetV2 work (and child processes): generous on a loaded 2-core machine.
const HEAVY_TIMEOUT_MS = 240_000;

describe('classify resumes after the process is killed', () => {
  it('keeps what was committed and continues with only the rest', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'catalogue.sqlite');
    const root = path.join(dir, 'photos');
    const rel = [];
    for (let i = 0; i < N; i++) rel.push(path.basename(await writeJpeg(path.join(root, `p${i}.jpg`), 300 + i, 32)));
    const setup = await createAppContext(db);
    await insertImages(setup.db, root, rel);
    await closeAppContext(setup);

    const killedAt = await killWhenDone(CHILD, [db], 2);
    expect(killedAt).toBeLessThan(N);

    const ctx = await createAppContext(db);
    onCleanup(() => closeAppContext(ctx));
    const kept = (ctx.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n;
    expect(kept).toBeGreaterThanOrEqual(killedAt);
    expect(kept).toBeLessThan(N);
    // Embeddings and predictions of a batch commit together.
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(kept);
    const stale = ctx.db.prepare("SELECT id, state FROM jobs WHERE kind = 'classify'").get() as { id: string; state: string };
    expect(stale.state).toBe('running');

    const resumed = await startClassify(ctx, { facet: 'motif', onlyUnpredicted: true }, { workers: 1 });
    expect(resumed.total).toBe(N - kept);
    const result = await resumed.done;
    expect(result).toMatchObject({ classified: N - kept, fromCache: 0, failed: 0 });
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM predictions').get() as { n: number }).n).toBe(N);
    expect((ctx.db.prepare('SELECT state FROM jobs WHERE id = ?').get(stale.id) as { state: string }).state).toBe('interrupted');
  }, HEAVY_TIMEOUT_MS);
});
