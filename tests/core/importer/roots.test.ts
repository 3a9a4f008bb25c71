import fs from 'node:fs';
import path from 'node:path';
import { isCallName } from '../../../electron/common/contract/index.js';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { startImport } from '../../../electron/core/importer/job.js';
import { waitForJob } from '../../helpers/jobs.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { writePhoto } from './fixtures/photos.js';

async function call<T>(ctx: AppContext, name: string, input: unknown): Promise<T> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as T;
}

const roots = async (ctx: AppContext) => ({
  import: (await call<{ path: string; images: number }[]>(ctx, 'import.roots', {})).map((r) => [r.path, r.images]),
  counted: (await call<{ counts: { roots: number } }>(ctx, 'catalogue.info', {})).counts.roots,
});

async function exportCsv(ctx: AppContext, out: string) {
  const r = await dispatch('export.csv', { out }, ctx);
  if (r.ok) await waitForJob(ctx, (r.value as { jobId: string }).jobId);
  return r;
}

describe('the import root of a single imported file', () => {
  it('is not left behind when the file is not an image: nothing listed, exports there allowed, the failure still reported', async () => {
    const ctx = await tempContext();
    const etc = tempDir('canting-etc-');
    fs.writeFileSync(path.join(etc, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');

    const s = await startImport(ctx, [path.join(etc, 'passwd')], { workers: 1 }).done;
    expect(s).toMatchObject({ found: 1, imported: 0, failed: 1 });
    expect(await roots(ctx)).toEqual({ import: [], counted: 0 });
    // Why it failed stays readable, with the file's full path.
    expect(await call(ctx, 'import.errors', { importJobId: s.importJobId })).toMatchObject({
      total: 1,
      items: [{ path: path.join(etc, 'passwd'), code: 'not_image' }],
    });
    // /etc is no import folder: an export may go there.
    expect(await exportCsv(ctx, path.join(etc, 'katalog.csv'))).toMatchObject({ ok: true });
    expect(fs.existsSync(path.join(etc, 'katalog.csv'))).toBe(true);

    // A folder imported below it later gets its own root, not "/etc" with a relative path.
    await writePhoto(path.join(etc, 'foto', 'kawung.jpg'), 1, 48);
    await startImport(ctx, [path.join(etc, 'foto')], { workers: 1 }).done;
    expect((await roots(ctx)).import).toEqual([[path.join(etc, 'foto'), 1]]);
  });

  it('is its folder once the file is imported as an image, and then keeps exports out of it', async () => {
    const ctx = await tempContext();
    const dir = tempDir('canting-photos-');
    fs.writeFileSync(path.join(dir, 'notes.jpg'), 'not a photo');
    expect(await startImport(ctx, [path.join(dir, 'notes.jpg')], { workers: 1 }).done).toMatchObject({ failed: 1 });
    await writePhoto(path.join(dir, 'kawung.jpg'), 2, 48);
    expect(await startImport(ctx, [path.join(dir, 'kawung.jpg')], { workers: 1 }).done).toMatchObject({ imported: 1 });

    expect(await roots(ctx)).toEqual({ import: [[dir, 1]], counted: 1 });
    // One listing serves the import screen and the review grid's folder filter: no second call doing the same.
    expect(isCallName('review.roots')).toBe(false);
    expect(await exportCsv(ctx, path.join(dir, 'katalog.csv'))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('imported into this catalogue') },
    });
  });

  it('a folder asked for stays an import folder even when none of its files could be imported', async () => {
    const ctx = await tempContext();
    const dir = tempDir('canting-photos-');
    fs.writeFileSync(path.join(dir, 'readme.txt'), 'inventory');
    expect(await startImport(ctx, [dir], { workers: 1 }).done).toMatchObject({ failed: 1 });
    expect(await roots(ctx)).toEqual({ import: [[dir, 0]], counted: 1 });
  });
});
