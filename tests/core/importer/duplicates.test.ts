import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startImport } from '../../../electron/core/importer/job.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { photo, writePhoto } from './fixtures/photos.js';

const count = (db: import('better-sqlite3').Database, sql: string) => (db.prepare(sql).get() as { n: number }).n;

describe('import: duplicates, near-duplicates and re-import', () => {
  it('counts exact copies (same run and already catalogued) as duplicates and adds them once', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    const a = await writePhoto(path.join(dir, 'box1', 'a.jpg'), 1, 48);
    await writePhoto(path.join(dir, 'box1', 'b.jpg'), 2, 48);
    fs.mkdirSync(path.join(dir, 'box2'), { recursive: true });
    fs.copyFileSync(a, path.join(dir, 'box2', 'same-as-a.jpg'));
    fs.copyFileSync(a, path.join(dir, 'box2', 'a-copy.jpg'));
    const first = await startImport(ctx, [path.join(dir, 'box1')], { workers: 1 }).done;
    expect(first).toMatchObject({ found: 2, imported: 2, duplicates: 0 });
    const second = await startImport(ctx, [dir], { workers: 1 }).done;
    // box1 is already in the catalogue (unchanged); a-copy.jpg and same-as-a.jpg are copies of a.jpg
    expect(second).toMatchObject({ found: 4, imported: 0, duplicates: 2, unchanged: 2, failed: 0 });
    expect(count(ctx.db, 'SELECT COUNT(*) AS n FROM images')).toBe(2);
    const dupRows = ctx.db.prepare("SELECT image_id FROM import_files WHERE state = 'duplicate'").all() as { image_id: number }[];
    const aId = (ctx.db.prepare("SELECT id FROM images WHERE file_name = 'a.jpg'").get() as { id: number }).id;
    expect(dupRows.map((r) => r.image_id)).toEqual([aId, aId]);
  });

  it('groups re-encodes and resizes as near-duplicates under the smallest image id, and keeps different photos apart', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    await writePhoto(path.join(dir, '1-original.png'), 7, 200, 'png');
    await photo(7, 200).jpeg({ quality: 40 }).toFile(path.join(dir, '2-reencoded.jpg'));
    await photo(7, 200).resize(120).webp().toFile(path.join(dir, '3-resized.webp'));
    for (let s = 20; s < 26; s++) await writePhoto(path.join(dir, `4-other-${s}.jpg`), s, 200);
    const s = await startImport(ctx, [dir], { workers: 1, batchSize: 1 }).done;
    expect(s).toMatchObject({ imported: 9, duplicates: 0 });
    const rows = ctx.db.prepare('SELECT id, file_name, dup_group FROM images ORDER BY file_name').all() as { id: number; file_name: string; dup_group: number | null }[];
    const orig = rows.find((r) => r.file_name === '1-original.png')!;
    const group = rows.filter((r) => r.dup_group !== null);
    expect(group.map((r) => r.file_name).sort()).toEqual(['1-original.png', '2-reencoded.jpg', '3-resized.webp']);
    expect(new Set(group.map((r) => r.dup_group))).toEqual(new Set([Math.min(...group.map((r) => r.id))]));
    // (which file is catalogued first depends on which decode finishes first, so the name is the smallest id, not the original's)
    expect(orig.dup_group).not.toBeNull();
  });

  it('re-import adds only new or changed files; a changed file becomes a new image that supersedes the old one', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    for (let i = 0; i < 4; i++) await writePhoto(path.join(dir, `p${i}.jpg`), 100 + i, 32);
    expect(await startImport(ctx, [dir], { workers: 1 }).done).toMatchObject({ found: 4, imported: 4 });
    expect(await startImport(ctx, [dir], { workers: 1 }).done).toMatchObject({ found: 4, imported: 0, unchanged: 4, duplicates: 0 });

    await writePhoto(path.join(dir, 'new.jpg'), 200, 32);
    await writePhoto(path.join(dir, 'p1.jpg'), 201, 32); // new content at an old path
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(dir, 'p2.jpg'), later, later); // touched, same content
    const s = await startImport(ctx, [dir], { workers: 1 }).done;
    expect(s).toMatchObject({ found: 5, imported: 2, unchanged: 3, duplicates: 0, failed: 0 });
    const p1 = ctx.db.prepare("SELECT id, superseded_by FROM images WHERE rel_path = 'p1.jpg' ORDER BY id").all() as { id: number; superseded_by: number | null }[];
    expect(p1).toHaveLength(2);
    expect(p1[0].superseded_by).toBe(p1[1].id);
    expect(p1[1].superseded_by).toBeNull();
    expect(count(ctx.db, 'SELECT COUNT(*) AS n FROM images WHERE superseded_by IS NULL')).toBe(5);
    // a third run finds nothing to do
    expect(await startImport(ctx, [dir], { workers: 1 }).done).toMatchObject({ imported: 0, unchanged: 5 });
  });

  it('folder names matching facet labels become unvalidated hints, never reviews', async () => {
    const ctx = await tempContext();
    const dir = tempDir();
    await writePhoto(path.join(dir, 'Flora', 'Mega_Mendung', 'a.jpg'), 1, 32);
    await writePhoto(path.join(dir, 'PARANG', 'laci 3', 'b.jpg'), 2, 32);
    await writePhoto(path.join(dir, 'lain', 'c.jpg'), 3, 32);
    await startImport(ctx, [dir], { workers: 1 }).done;
    const hints = ctx.db
      .prepare('SELECT i.file_name, f.key AS facet, l.key AS label, h.source FROM hints h JOIN images i ON i.id = h.image_id JOIN facets f ON f.id = h.facet_id JOIN labels l ON l.id = h.label_id ORDER BY i.file_name, f.key')
      .all();
    expect(hints).toEqual([
      { file_name: 'a.jpg', facet: 'motif', label: 'megamendung', source: 'folder:Mega_Mendung' },
      { file_name: 'a.jpg', facet: 'tema', label: 'flora', source: 'folder:Flora' },
      { file_name: 'b.jpg', facet: 'motif', label: 'parang', source: 'folder:PARANG' },
    ]);
    expect(count(ctx.db, 'SELECT COUNT(*) AS n FROM reviews')).toBe(0);
  });
});
