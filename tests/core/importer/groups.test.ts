import { describe, expect, it } from 'vitest';
import type { AnalysedImage } from '../../../electron/core/importer/analyse.js';
import { hamming } from '../../../electron/core/importer/phash.js';
import { ImportWriter } from '../../../electron/core/importer/store.js';
import { tempContext, tempDir } from '../../helpers/temp.js';

/** A 64-bit hash with the first `bits` bits set (so distances are easy to read). */
const hash = (bits: number) => (BigInt.asUintN(64, (1n << BigInt(bits)) - 1n) << BigInt(64 - bits)).toString(16).padStart(16, '0');

function image(key: number, phash: string): AnalysedImage {
  return {
    key,
    kind: 'image',
    sha256: key.toString(16).padStart(64, '0'),
    size: 100,
    mtimeMs: 1,
    width: 8,
    height: 8,
    format: 'jpeg',
    phash,
    thumbnail: { data: Buffer.from([1]), width: 8, height: 8, mime: 'image/webp' },
    metadata: { capturedAt: null, camera: null, gpsLat: null, gpsLon: null, description: null, keywords: [], copyright: null, extra: null },
  } as AnalysedImage;
}

describe('near-duplicate groups', () => {
  it('gather images near a group leader and do not chain through members into one ever-growing group', async () => {
    const ctx = await tempContext();
    const root = tempDir();
    const rootId = Number(ctx.db.prepare('INSERT INTO import_roots (path, created_at) VALUES (?, ?)').run(root, new Date().toISOString()).lastInsertRowid);
    const jobId = Number(ctx.db.prepare("INSERT INTO import_jobs (state, params, started_at) VALUES ('running', '{}', ?)").run(new Date().toISOString()).lastInsertRowid);
    const writer = new ImportWriter(ctx.db, jobId);
    // a chain: each hash 5 bits from the previous one, so only neighbours are near-duplicates
    const chain = [0, 5, 10, 15, 20].map(hash);
    expect(hamming(chain[0], chain[1])).toBe(5);
    expect(hamming(chain[0], chain[2])).toBe(10);
    const ids = chain.map((h, i) => {
      const rel = `p${i}.jpg`;
      const rowid = Number(ctx.db.prepare("INSERT INTO import_files (job_id, root_id, rel_path, state) VALUES (?, ?, ?, 'pending')").run(jobId, rootId, rel).lastInsertRowid);
      expect(writer.apply({ rowid, rootId, rootPath: root, rel }, image(i + 1, h))).toBe('imported');
      return (ctx.db.prepare('SELECT id FROM images WHERE rel_path = ?').get(rel) as { id: number }).id;
    });
    const groups = ids.map((id) => (ctx.db.prepare('SELECT dup_group FROM images WHERE id = ?').get(id) as { dup_group: number | null }).dup_group);
    // p0 leads {p0, p1}; p2 is near p1 but not p0, so it leads its own group with p3; p4 is near p3 only
    expect(groups).toEqual([ids[0], ids[0], ids[2], ids[2], null]);
    // the review grid shows the groups the same way
    const grid = ctx.db.prepare('SELECT image_id, dup_group FROM review_grid WHERE facet_id = (SELECT MIN(facet_id) FROM review_grid) ORDER BY image_id').all();
    expect(grid).toEqual(ids.map((id, i) => ({ image_id: id, dup_group: groups[i] })));
  });
});
