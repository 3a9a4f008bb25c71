import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startImport } from '../../../electron/core/importer/job.js';
import { relinkRoot } from '../../../electron/core/importer/relink.js';
import { listImportRoots as listRoots } from '../../../electron/core/catalogue/roots.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { writePhoto } from './fixtures/photos.js';

describe('relink a moved photo folder', () => {
  it('finds files at the same relative path, then renamed ones by content, and marks the rest missing', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const old = path.join(dir, 'drive-E', 'arsip');
    for (let i = 0; i < 5; i++) await writePhoto(path.join(old, 'laci1', `p${i}.jpg`), 900 + i, 32);
    await startImport(ctx, [old], { workers: 1 }).done;
    const moved = path.join(dir, 'drive-F', 'arsip-baru');
    fs.mkdirSync(path.dirname(moved), { recursive: true });
    fs.renameSync(old, moved);
    fs.renameSync(path.join(moved, 'laci1', 'p3.jpg'), path.join(moved, 'renamed-p3.jpg')); // reorganised
    fs.rmSync(path.join(moved, 'laci1', 'p4.jpg')); // lost
    fs.writeFileSync(path.join(moved, 'unrelated.jpg'), fs.readFileSync(path.join(moved, 'laci1', 'p0.jpg')).subarray(0, 100));

    const [before] = await listRoots(ctx.db);
    expect(before).toMatchObject({ path: old, images: 5, available: false });
    const r = await relinkRoot(ctx.db, before.id, moved);
    expect(r).toEqual({ rootId: before.id, from: old, to: moved, images: 5, byPath: 3, byHash: 1, missing: 1 });
    const rows = ctx.db.prepare('SELECT file_name, rel_path, missing FROM images ORDER BY file_name').all();
    expect(rows).toEqual([
      { file_name: 'p0.jpg', rel_path: 'laci1/p0.jpg', missing: 0 },
      { file_name: 'p1.jpg', rel_path: 'laci1/p1.jpg', missing: 0 },
      { file_name: 'p2.jpg', rel_path: 'laci1/p2.jpg', missing: 0 },
      { file_name: 'p4.jpg', rel_path: 'laci1/p4.jpg', missing: 1 },
      { file_name: 'renamed-p3.jpg', rel_path: 'renamed-p3.jpg', missing: 0 },
    ]);
    expect((await listRoots(ctx.db))[0]).toMatchObject({ path: moved, available: true, missing: 1 });
    // re-importing the new place adds nothing new for what was re-linked
    const s = await startImport(ctx, [moved], { workers: 1 }).done;
    expect(s).toMatchObject({ imported: 0, unchanged: 4, failed: 1 });
  });

  it('refuses an unknown root or a target that does not exist', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    await writePhoto(path.join(dir, 'a', 'x.jpg'), 1, 32);
    await startImport(ctx, [path.join(dir, 'a')], { workers: 1 }).done;
    await expect(relinkRoot(ctx.db, path.join(dir, 'zzz'), dir)).rejects.toThrow(/is not an import folder/);
    await expect(relinkRoot(ctx.db, path.join(dir, 'a'), path.join(dir, 'nowhere'))).rejects.toThrow(/does not exist/);
  });
});
