import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';

const LITTLE_ENDIAN = os.endianness() === 'LE';

/**
 * The embedding cache: one float32 vector per image per backbone per view.
 * View 0 is the image itself; views 1.. are augmented copies (used by
 * retraining). A vector is computed once and reused by every head, so
 * re-classifying with a new head, or retraining, costs no backbone time.
 *
 * Stable API (retraining builds on it): encodeVector, decodeVector,
 * getEmbedding, getEmbeddings, putEmbedding, putEmbeddings,
 * imagesWithoutEmbedding, countEmbeddings, sampleEmbeddings.
 */

/** A vector as stored: float32 little-endian bytes. */
export function encodeVector(vector: Float32Array): Buffer {
  // On a little-endian machine (every platform Canting ships for) the memory is the format: one copy.
  if (LITTLE_ENDIAN) return Buffer.from(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
  const out = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i], i * 4);
  return out;
}

export function decodeVector(blob: Buffer): Float32Array {
  if (blob.length % 4 !== 0) throw new Error(`embedding blob of ${blob.length} bytes is not a float32 vector`);
  // A copy, also because SQLite's buffer need not be 4-byte aligned.
  if (LITTLE_ENDIAN) return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.length));
  const out = new Float32Array(blob.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = blob.readFloatLE(i * 4);
  return out;
}

/** The cached vector of one image, or null when it has not been computed. */
export function getEmbedding(db: Database, imageId: number, backbone: string, view = 0): Float32Array | null {
  const row = db
    .prepare('SELECT vector FROM embeddings WHERE image_id = ? AND backbone = ? AND view = ?')
    .get(imageId, backbone, view) as { vector: Buffer } | undefined;
  return row ? decodeVector(row.vector) : null;
}

/** Cached vectors for many images (one view); images without one are absent from the map. */
export function getEmbeddings(db: Database, imageIds: readonly number[], backbone: string, view = 0): Map<number, Float32Array> {
  const out = new Map<number, Float32Array>();
  const stmt = db.prepare('SELECT vector FROM embeddings WHERE image_id = ? AND backbone = ? AND view = ?');
  for (const id of imageIds) {
    const row = stmt.get(id, backbone, view) as { vector: Buffer } | undefined;
    if (row) out.set(id, decodeVector(row.vector));
  }
  return out;
}

/** Store (or replace) one vector. */
export function putEmbedding(db: Database, imageId: number, backbone: string, vector: Float32Array, view = 0): void {
  db.prepare(
    `INSERT INTO embeddings (image_id, backbone, view, vector, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (image_id, backbone, view) DO UPDATE SET vector = excluded.vector, created_at = excluded.created_at`,
  ).run(imageId, backbone, view, encodeVector(vector), new Date().toISOString());
}

/** Store many vectors in one transaction (a crash leaves none of the batch half-written). */
export function putEmbeddings(
  db: Database,
  backbone: string,
  rows: readonly { imageId: number; vector: Float32Array; view?: number }[],
): void {
  db.transaction(() => {
    for (const r of rows) putEmbedding(db, r.imageId, backbone, r.vector, r.view ?? 0);
  })();
}

/** Of the given images, those with no cached vector for this backbone and view, in the given order. */
export function imagesWithoutEmbedding(db: Database, imageIds: readonly number[], backbone: string, view = 0): number[] {
  const stmt = db.prepare('SELECT 1 FROM embeddings WHERE image_id = ? AND backbone = ? AND view = ?');
  return imageIds.filter((id) => stmt.get(id, backbone, view) === undefined);
}

/** How many vectors are cached for a backbone (all views, or one). */
export function countEmbeddings(db: Database, backbone: string, view?: number): number {
  const row = (
    view === undefined
      ? db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE backbone = ?').get(backbone)
      : db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE backbone = ? AND view = ?').get(backbone, view)
  ) as { n: number };
  return row.n;
}

/** Up to `limit` view-0 vectors spread evenly over the catalogue (by image id): a sample of the collection, without labels. */
export function sampleEmbeddings(db: Database, backbone: string, limit: number): Float32Array[] {
  const ids = db.prepare('SELECT image_id FROM embeddings WHERE backbone = ? AND view = 0 ORDER BY image_id').pluck().all(backbone) as number[];
  const step = Math.max(1, ids.length / Math.max(1, limit));
  const picked: number[] = [];
  for (let i = 0; i < ids.length && picked.length < limit; i += step) picked.push(ids[Math.floor(i)]);
  return [...getEmbeddings(db, picked, backbone).values()];
}

/** Images (not superseded) without a view-0 vector of a backbone; one primary-key lookup each. */
const WITHOUT_FEATURES = `FROM images i JOIN import_roots r ON r.id = i.root_id
  WHERE i.superseded_by IS NULL AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.image_id = i.id AND e.backbone = ? AND e.view = 0)`;

export function countImagesWithoutFeatures(db: Database, backbone: string): number {
  return db.prepare(`SELECT COUNT(*) ${WITHOUT_FEATURES}`).pluck().get(backbone) as number;
}

/** Those images with their files, in id order. */
export function imagesWithoutFeatures(db: Database, backbone: string): { id: number; file: string }[] {
  const rows = db.prepare(`SELECT i.id, r.path AS root, i.rel_path AS rel ${WITHOUT_FEATURES} ORDER BY i.id`).all(backbone) as { id: number; root: string; rel: string }[];
  return rows.map((r) => ({ id: r.id, file: path.join(r.root, r.rel) }));
}
