import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../electron/core/classify/backbone-info.js';
import { countEmbeddings, putEmbeddings } from '../../electron/core/classify/embeddings.js';
import { canting, lastJson } from '../helpers/cli.js';
import { insertImages } from '../helpers/images.js';
import { tempDir } from '../helpers/temp.js';

const EARLIER = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear';
const CLI_TIMEOUT_MS = 180_000;

/** A catalogue from an earlier release: 3 images with old 1280-d vectors (views 0 and 1), and current ones for 2. */
async function upgradedCatalogue(): Promise<string> {
  const dir = tempDir();
  const db = path.join(dir, 'c.sqlite');
  const ctx = await createAppContext(db);
  try {
    const rels = ['a.png', 'b.png', 'c.png'];
    for (const [i, rel] of rels.entries()) await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 40 * i, g: 90, b: 20 } } }).png().toFile(path.join(dir, rel));
    const ids = await insertImages(ctx.db, dir, rels);
    const old = (seed: number) => new Float32Array(1280).fill(seed);
    putEmbeddings(ctx.db, EARLIER, ids.flatMap((id) => [{ imageId: id, vector: old(id) }, { imageId: id, vector: old(id + 1), view: 1 }]));
    putEmbeddings(ctx.db, BACKBONE_ID, ids.slice(0, 2).map((id) => ({ imageId: id, vector: new Float32Array(EMBEDDING_DIM).fill(id) })));
  } finally {
    await closeAppContext(ctx);
  }
  return db;
}

describe('canting embeddings prune', () => {
  it('lists an earlier backbone’s embeddings, deletes only those with --yes, and keeps the current ones', async () => {
    const db = await upgradedCatalogue();
    const listed = await canting('embeddings', 'prune', '--db', db);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${EARLIER}: 6 vector(s), 0 MB`);
    expect(listed.stdout).toContain('Run again with --yes to delete them');

    const done = await canting('embeddings', 'prune', '--db', db, '--yes', '--vacuum', '--json');
    expect(done.code).toBe(0);
    expect(lastJson(done.stdout)).toEqual({ deleted: true, vacuumed: true, backbones: [{ backbone: EARLIER, vectors: 6, bytes: 6 * 1280 * 4 }], vectors: 6, megabytes: 0 });

    const ctx = await createAppContext(db);
    try {
      expect(countEmbeddings(ctx.db, EARLIER)).toBe(0);
      expect(countEmbeddings(ctx.db, BACKBONE_ID)).toBe(2);
    } finally {
      await closeAppContext(ctx);
    }
    const again = await canting('embeddings', 'prune', '--db', db);
    expect(again.stdout).toBe('No embeddings of an earlier backbone: nothing to prune\n');
    const wrong = await canting('embeddings', 'purge', '--db', db);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown action "purge"; the only one is "prune"');
  }, CLI_TIMEOUT_MS);
});
