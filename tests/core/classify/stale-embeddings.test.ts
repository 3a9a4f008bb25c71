import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { BACKBONE_ID } from '../../../electron/core/classify/backbone-info.js';
import { countEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { EARLIER_BACKBONE, EARLIER_DIM, plantUpgradedEmbeddings } from '../../helpers/embeddings.js';
import { tempContext } from '../../helpers/temp.js';

const OLD_BYTES = 6 * EARLIER_DIM * 4;

async function upgraded() {
  const ctx = await tempContext();
  await plantUpgradedEmbeddings(ctx.db, path.dirname(ctx.cataloguePath));
  return ctx;
}

describe('embeddings.stale and embeddings.prune', () => {
  it('lists the earlier backbone’s vectors, deletes only those, and then lists none', async () => {
    const ctx = await upgraded();
    const events: string[] = [];
    ctx.events.subscribe((e) => e.type === 'catalogue-changed' && events.push(e.reason));

    const listed = await dispatch('embeddings.stale', {}, ctx);
    expect(listed).toMatchObject({
      ok: true,
      value: { backbones: [{ backbone: EARLIER_BACKBONE, vectors: 6, bytes: OLD_BYTES }], vectors: 6, bytes: OLD_BYTES, catalogueBytes: expect.any(Number) },
    });

    const pruned = await dispatch('embeddings.prune', { vacuum: true }, ctx);
    expect(pruned).toMatchObject({ ok: true, value: { backbones: [{ backbone: EARLIER_BACKBONE, vectors: 6 }], vectors: 6, bytes: OLD_BYTES, vacuumed: true } });
    const { fileBytesBefore, fileBytesAfter } = (pruned as { value: { fileBytesBefore: number; fileBytesAfter: number } }).value;
    // compacting really shrank the file (and emptied its log)
    expect(fileBytesAfter).toBeLessThan(fileBytesBefore);
    expect(fileBytesAfter).toBe(fs.statSync(ctx.cataloguePath).size);

    expect(await dispatch('embeddings.stale', {}, ctx)).toMatchObject({ ok: true, value: { backbones: [], vectors: 0, bytes: 0 } });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
    expect(events).toEqual(['embeddings-pruned']);

    // nothing left: deleting again removes nothing and does not rewrite the file
    expect(await dispatch('embeddings.prune', { vacuum: true }, ctx)).toMatchObject({ ok: true, value: { vectors: 0, vacuumed: false } });
    expect(events).toEqual(['embeddings-pruned']);
  });

  it('deletes without compacting unless asked, and refuses unknown options', async () => {
    const ctx = await upgraded();
    expect(await dispatch('embeddings.prune', { vacum: true }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(6);
    expect(await dispatch('embeddings.prune', {}, ctx)).toMatchObject({ ok: true, value: { vectors: 6, vacuumed: false } });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
  });

  it('a full disk while compacting keeps the deletion and says what happened and what it needs', async () => {
    const ctx = await upgraded();
    const exec = ctx.db.exec.bind(ctx.db);
    vi.spyOn(ctx.db, 'exec').mockImplementation((sql: string) => {
      if (sql === 'VACUUM') throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return exec(sql);
    });
    const result = await dispatch('embeddings.prune', { vacuum: true }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'io' } });
    const { message } = (result as { error: { message: string } }).error;
    expect(message).toMatch(/^Not enough free disk space to compact ".*catalogue\.sqlite": compacting needs up to \d+ MB, twice the catalogue’s size, on the catalogue’s drive and in the system’s temporary folder\./);
    expect(message).toContain('The 6 old vector(s) were deleted');
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(0);
    expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
  });

  it('a failure while deleting rolls the whole deletion back', async () => {
    const ctx = await upgraded();
    // a second stale backbone, whose DELETE fails after the first one's succeeded
    ctx.db.exec(`INSERT INTO embeddings (image_id, backbone, view, vector, created_at) SELECT image_id, 'zz-older', view, vector, created_at FROM embeddings WHERE backbone = '${EARLIER_BACKBONE}'`);
    ctx.db.exec("CREATE TRIGGER refuse BEFORE DELETE ON embeddings WHEN old.backbone = 'zz-older' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    expect(await dispatch('embeddings.prune', {}, ctx)).toMatchObject({ ok: false });
    expect(countEmbeddings(ctx.db, EARLIER_BACKBONE)).toBe(6);
    expect(countEmbeddings(ctx.db, 'zz-older')).toBe(6);
  });
});
