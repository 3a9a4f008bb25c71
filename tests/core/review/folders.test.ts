import { describe, expect, it } from 'vitest';
import { addImageRows, api, reviewCatalogue } from './fixture.js';

/** The QA run's catalogue: "Kotak 01/Desa Kauman" under one root, a case variant and a look-alike under another. */
async function folderCatalogue() {
  const fx = await reviewCatalogue();
  addImageRows(fx.db, ['k1.jpg', 'k2.jpg'], { folder: 'Kotak 01/Desa Kauman' });
  addImageRows(fx.db, ['k3.jpg'], { folder: 'Kotak 01' });
  addImageRows(fx.db, ['s1.jpg'], { folder: 'Kotak 01/Desa Kauman Baru' });
  addImageRows(fx.db, ['x1.jpg'], { root: '/second', folder: 'KOTAK 01/desa kauman' });
  addImageRows(fx.db, ['z1.jpg'], { root: '/second', folder: 'Kotak 010' });
  const names = async (filter: object) =>
    (await api(fx.ctx, 'review.query', { facet: 'motif', sort: 'fileName', filter, counts: false })).items.map((i) => i.fileName);
  return { ...fx, names };
}

describe('folder filter', () => {
  it('lists every folder level with the images below it, for suggestions', async () => {
    const { ctx } = await folderCatalogue();
    expect(await api(ctx, 'review.folders', { facet: 'motif' })).toEqual([
      { path: 'KOTAK 01', images: 1 },
      { path: 'KOTAK 01/desa kauman', images: 1 },
      { path: 'Kotak 01', images: 4 },
      { path: 'Kotak 01/Desa Kauman', images: 2 },
      { path: 'Kotak 01/Desa Kauman Baru', images: 1 },
      { path: 'Kotak 010', images: 1 },
    ]);
    const second = (await api(ctx, 'import.roots', {})).find((r) => r.path === '/second')!;
    expect((await api(ctx, 'review.folders', { facet: 'motif', rootId: second.id })).map((f) => f.path)).toEqual(['KOTAK 01', 'KOTAK 01/desa kauman', 'Kotak 010']);
  });

  it('matches a folder typed in any case, with its subfolders, and only whole folder names', async () => {
    const { names } = await folderCatalogue();
    // exact case: that folder only (not its other-case twin)
    expect(await names({ folder: 'Kotak 01/Desa Kauman' })).toEqual(['k1.jpg', 'k2.jpg']);
    // the QA run's attempts: other case now finds both spellings; a prefix still means whole folders
    expect(await names({ folder: 'kotak 01/desa kauman' })).toEqual(['k1.jpg', 'k2.jpg', 'x1.jpg']);
    expect(await names({ folder: 'kotak 01' })).toEqual(['k1.jpg', 'k2.jpg', 'k3.jpg', 's1.jpg', 'x1.jpg']);
    expect(await names({ folder: 'Kotak 01/Desa' })).toEqual([]);
    expect(await names({ folder: 'Desa Kauman' })).toEqual([]);
    expect(await names({ folder: '\\kotak 010\\' })).toEqual(['z1.jpg']);
  });
});
