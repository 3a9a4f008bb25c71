import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { startImport } from '../../../electron/core/importer/job.js';
import { REASON_CODES, reasonRank } from '../../../electron/core/importer/reasons.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { writePhoto } from './fixtures/photos.js';

describe('import.errors', () => {
  it('counts the failed files per kind, broken photos first and files that are not images last, and lists one kind at a time', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const village = path.join(dir, 'Kotak 04', 'Desa Pekalongan');
    for (let i = 0; i < 3; i++) await writePhoto(path.join(village, `kain-${i}.jpg`), 90 + i, 48);
    // what sits next to the photos in a real box folder
    fs.writeFileSync(path.join(dir, 'README.txt'), 'Kotak 04: kain dari Pekalongan');
    fs.writeFileSync(path.join(dir, 'Kotak 04', 'daftar.xlsx'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    fs.writeFileSync(path.join(village, 'catatan.csv'), 'no;motif\n1;parang\n');
    // and the few that matter
    const whole = fs.readFileSync(path.join(village, 'kain-0.jpg'));
    fs.writeFileSync(path.join(village, 'rusak.jpg'), whole.subarray(0, Math.floor(whole.length / 2)));
    fs.writeFileSync(path.join(village, 'kosong.jpg'), '');

    const { importJobId, done } = startImport(ctx, [dir], { workers: 1 });
    expect(await done).toMatchObject({ imported: 3, failed: 5 });

    const all = await dispatch('import.errors', { importJobId }, ctx);
    expect(all.ok).toBe(true);
    const value = (all as { value: { total: number; byCode: { code: string; count: number }[]; items: { path: string; code: string }[] } }).value;
    expect(value.total).toBe(5);
    expect(value.byCode).toEqual([{ code: 'truncated', count: 1 }, { code: 'empty', count: 1 }, { code: 'not_image', count: 3 }]);
    expect(value.items).toHaveLength(5);

    const notImages = await dispatch('import.errors', { importJobId, code: 'not_image' }, ctx);
    expect(notImages).toMatchObject({ ok: true, value: { total: 5, byCode: value.byCode } });
    const items = (notImages as { value: { items: { path: string; code: string; reason: string }[] } }).value.items;
    expect(items.map((e) => path.relative(dir, e.path)).sort()).toEqual(['Kotak 04/Desa Pekalongan/catatan.csv', 'Kotak 04/daftar.xlsx', 'README.txt']);
    expect(items.every((e) => e.code === 'not_image' && e.reason.startsWith('not an image'))).toBe(true);

    const broken = await dispatch('import.errors', { importJobId, code: value.byCode[0].code, limit: 10 }, ctx);
    expect((broken as { value: { items: { path: string }[] } }).value.items.map((e) => path.basename(e.path))).toEqual(['rusak.jpg']);
    const none = await dispatch('import.errors', { importJobId, code: 'permission' }, ctx);
    expect(none).toMatchObject({ ok: true, value: { total: 5, items: [] } });
  });

  it('has a place in that order for every kind of reason', () => {
    expect(new Set(REASON_CODES.map(reasonRank)).size).toBe(REASON_CODES.length);
  });
});
