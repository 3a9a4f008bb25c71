import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Database } from 'better-sqlite3';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { images } from '../export/fixture.js';

/** A catalogue of four photos; two share the file name 001.jpg in different folders. */
export async function archive() {
  const ctx = await tempContext();
  const root = tempDir('canting-photos-');
  const ids = await images(ctx.db, root, ['kawung/001.jpg', 'parang/001.jpg', 'parang/002.jpg', 'lain/ttm-7.jpg']);
  return { ctx, db: ctx.db, root, ids };
}

/** Write a sheet in the encoding a spreadsheet program would use; returns its path. */
export function sheet(lines: string[], encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' = 'utf-8', sep = ','): string {
  const text = lines.map((l) => l.replaceAll('|', sep)).join('\r\n') + '\r\n';
  const file = path.join(tempDir('canting-sheet-'), 'katalog.csv');
  const bytes =
    encoding === 'windows-1252' ? iconv.encode(text, 'win1252') : Buffer.concat([encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  fs.writeFileSync(file, bytes);
  return file;
}

export const fields = (db: Database, imageId: number) =>
  Object.fromEntries(
    (db.prepare('SELECT field, value, date_iso FROM record_metadata WHERE image_id = ? ORDER BY field').all(imageId) as { field: string; value: string; date_iso: string | null }[]).map(
      (r) => [r.field, r.date_iso ? `${r.value} (${r.date_iso})` : r.value],
    ),
  );

export const hint = (db: Database, imageId: number, facet: string) =>
  db.prepare('SELECT l.key FROM hints h JOIN labels l ON l.id = h.label_id JOIN facets f ON f.id = h.facet_id WHERE h.image_id = ? AND f.key = ?').pluck().get(imageId, facet) ?? null;

/** Everything an import may write, to show a refused or dry-run import wrote nothing. */
export const snapshot = (db: Database) => ({
  records: db.prepare('SELECT * FROM record_metadata ORDER BY image_id, field').all(),
  hints: db.prepare('SELECT * FROM hints ORDER BY image_id, facet_id').all(),
  reviews: db.prepare('SELECT * FROM reviews ORDER BY image_id, facet_id').all(),
  audit: db.prepare('SELECT count(*) FROM audit_log').pluck().get(),
  imports: db.prepare('SELECT count(*) FROM metadata_imports').pluck().get(),
});
