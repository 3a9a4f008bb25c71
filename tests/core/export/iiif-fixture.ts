import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { AppContext } from '../../../electron/core/app/context.js';
import { insertImages, patternPixels } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, predict, review } from './fixture.js';

async function writePhoto(file: string, seed: number, width: number, height: number): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(patternPixels(seed, width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toFile(file);
}

/** Two import folders with non-square photos (sizes that need several tiles); one validated kawung. */
export async function iiifCatalogue(): Promise<{ ctx: AppContext; rootA: string; rootB: string; ids: number[]; sizes: [number, number][] }> {
  const ctx = await tempContext();
  const rootA = tempDir('canting-photos-');
  const rootB = tempDir('canting-photos-');
  const sizes: [number, number][] = [
    [700, 500],
    [300, 600],
    [520, 260],
  ];
  await writePhoto(path.join(rootA, 'kawung/k1.jpg'), 1, ...sizes[0]);
  await writePhoto(path.join(rootA, 'parang/p1.jpg'), 2, ...sizes[1]);
  await writePhoto(path.join(rootB, 'lain/x.jpg'), 3, ...sizes[2]);
  const ids = [...(await insertImages(ctx.db, rootA, ['kawung/k1.jpg', 'parang/p1.jpg'])), ...(await insertImages(ctx.db, rootB, ['lain/x.jpg']))];
  const m = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'parang']);
  predict(ctx.db, ids[0], 'motif', m, 'kawung', 0.9);
  review(ctx.db, ids[0], 'motif', { status: 'validated', label: 'kawung' });
  ctx.db.prepare("UPDATE motif_knowledge SET region_id = 'Yogyakarta dan Surakarta', region_en = 'Yogyakarta and Surakarta' WHERE key = 'kawung'").run();
  ctx.db.prepare('UPDATE images SET description = ?, copyright = ? WHERE id = ?').run('Kain panjang', '© Museum Batik', ids[0]);
  return { ctx, rootA, rootB, ids, sizes };
}
