import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { writePhoto } from '../core/importer/fixtures/photos.js';

describe('canting import / relink', () => {
  it('imports a folder and prints the summary as the last JSON line; again, only new files are added', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cat.sqlite');
    const photos = path.join(dir, 'Foto Arsip');
    for (let i = 0; i < 4; i++) await writePhoto(path.join(photos, `p${i}.jpg`), 40 + i, 32);
    fs.copyFileSync(path.join(photos, 'p0.jpg'), path.join(photos, 'p0 (copy).jpg'));
    fs.writeFileSync(path.join(photos, 'rusak.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2]));

    const r = await canting('import', photos, '--db', db, '--json', '--workers', '1');
    expect(r.code).toBe(0);
    const out = lastJson(r.stdout);
    expect(Object.keys(out).slice(0, 5)).toEqual(['found', 'imported', 'duplicates', 'failed', 'seconds']);
    expect(out).toMatchObject({ found: 6, imported: 4, duplicates: 1, failed: 1, unchanged: 0 });
    // a JPEG header cut after 8 bytes: truncated, whatever the decoder says
    expect(out.errors).toEqual([{ path: path.join(photos, 'rusak.jpg'), reason: expect.stringMatching(/^the image is truncated/), code: 'truncated', params: {} }]);

    await writePhoto(path.join(photos, 'baru.jpg'), 99, 32);
    const again = await canting('import', photos, '--db', db, '--workers', '1');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/7 file\(s\) found, 1 imported, 1 duplicate\(s\), 4 unchanged, 1 failed/);
    expect(again.stdout).toContain(`${path.join(photos, 'rusak.jpg')}: `);
  });

  it('says clearly when the folder does not exist, and relinks a moved folder', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'cat.sqlite');
    const missing = await canting('import', path.join(dir, 'tidak-ada'), '--db', db);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/canting: The folder ".*tidak-ada" does not exist/);

    const old = path.join(dir, 'old');
    await writePhoto(path.join(old, 'a.jpg'), 1, 32);
    await writePhoto(path.join(old, 'b.jpg'), 2, 32);
    expect((await canting('import', old, '--db', db, '--json', '--workers', '1')).code).toBe(0);
    fs.renameSync(old, path.join(dir, 'new'));
    const r = await canting('relink', '--db', db, '--from', old, '--to', path.join(dir, 'new'), '--json');
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ images: 2, byPath: 2, byHash: 0, missing: 0, to: path.join(dir, 'new') });
    const roots = await canting('roots', '--db', db, '--json');
    expect(lastJson(roots.stdout)).toEqual([expect.objectContaining({ path: path.join(dir, 'new'), images: 2, available: true })]);
  });
});
