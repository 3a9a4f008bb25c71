import path from 'node:path';
import sharp from 'sharp';
import type { Database } from 'better-sqlite3';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../electron/core/classify/backbone-info.js';
import { putEmbeddings } from '../../electron/core/classify/embeddings.js';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { insertImages } from './images.js';
import { tempDir } from './temp.js';

/** The backbone id of an earlier release (1280-d pooled features only). */
export const EARLIER_BACKBONE = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear';
export const EARLIER_DIM = 1280;

/**
 * What an upgraded catalogue's cache looks like: 3 images (written to `dir`)
 * with the earlier backbone's vectors for views 0 and 1 (6 in all), and
 * current vectors for the first 2. Returns the image ids.
 */
export async function plantUpgradedEmbeddings(db: Database, dir: string): Promise<number[]> {
  const rels = ['a.png', 'b.png', 'c.png'];
  for (const [i, rel] of rels.entries()) await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 40 * i, g: 90, b: 20 } } }).png().toFile(path.join(dir, rel));
  const ids = await insertImages(db, dir, rels);
  const old = (seed: number) => new Float32Array(EARLIER_DIM).fill(seed);
  putEmbeddings(db, EARLIER_BACKBONE, ids.flatMap((id) => [{ imageId: id, vector: old(id) }, { imageId: id, vector: old(id + 1), view: 1 }]));
  putEmbeddings(db, BACKBONE_ID, ids.slice(0, 2).map((id) => ({ imageId: id, vector: new Float32Array(EMBEDDING_DIM).fill(id) })));
  return ids;
}

/** A catalogue file from an earlier release: 3 images with old 1280-d vectors, and current ones for 2 (plantUpgradedEmbeddings). */
export async function upgradedCatalogueFile(): Promise<string> {
  const dir = tempDir();
  const db = path.join(dir, 'c.sqlite');
  const ctx = await createAppContext(db);
  try {
    await plantUpgradedEmbeddings(ctx.db, dir);
  } finally {
    await closeAppContext(ctx);
  }
  return db;
}
