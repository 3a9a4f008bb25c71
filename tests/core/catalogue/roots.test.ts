import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateInImportFolder } from '../../../electron/core/catalogue/roots.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';

describe('locating a folder on disk among the import folders', () => {
  it('gives the import folder and the path below it, the innermost of nested ones, and null outside them', async () => {
    const ctx = await tempContext();
    const box = path.join(tempDir('canting-roots-'), 'Kotak 01');
    await writeJpeg(path.join(box, 'kawung', 'a.jpg'), 1);
    await writeJpeg(path.join(box, 'parang', 'tua', 'b.jpg'), 2);
    await insertImages(ctx.db, box, ['kawung/a.jpg']);
    await insertImages(ctx.db, path.join(box, 'parang'), ['tua/b.jpg']);
    const rootOf = (p: string) => ctx.db.prepare('SELECT id FROM import_roots WHERE path = ?').pluck().get(p) as number;

    expect(locateInImportFolder(ctx.db, path.join(box, 'kawung'))).toEqual({ rootId: rootOf(box), folder: 'kawung' });
    expect(locateInImportFolder(ctx.db, box + path.sep)).toEqual({ rootId: rootOf(box), folder: '' });
    // nested: the innermost import folder holds it
    expect(locateInImportFolder(ctx.db, path.join(box, 'parang', 'tua'))).toEqual({ rootId: rootOf(path.join(box, 'parang')), folder: 'tua' });
    // a sibling whose name merely starts the same is outside
    expect(locateInImportFolder(ctx.db, `${box} lama`)).toBeNull();
    expect(locateInImportFolder(ctx.db, path.dirname(box))).toBeNull();
  });
});
