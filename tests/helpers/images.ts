import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Database } from 'better-sqlite3';
import { preprocess } from '../../electron/core/classify/preprocess.js';
import { seededRandom } from '../../electron/core/random.js';

/** A deterministic pseudo-random generator (the app's mulberry32), so fixtures are identical on every run. */
export const rng = seededRandom;

/**
 * Raw RGB pixels of a batik-like synthetic pattern: stripes (parang-like) or
 * dots (kawung-like) in a seed-chosen palette. Different seeds give visually
 * different images; the same seed gives the same bytes.
 */
export function patternPixels(seed: number, width = 64, height = 64, kind: 'stripes' | 'dots' = seed % 2 ? 'dots' : 'stripes'): Buffer {
  const r = rng(seed);
  const c1 = [r() * 255, r() * 255, r() * 255];
  const c2 = [r() * 255, r() * 255, r() * 255];
  const period = 6 + Math.floor(r() * 10);
  const buf = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const on = kind === 'stripes' ? Math.floor((x + y) / period) % 2 === 0 : (x % period) ** 2 + (y % period) ** 2 < (period / 2) ** 2;
      const c = on ? c1 : c2;
      const i = (y * width + x) * 3;
      buf[i] = c[0];
      buf[i + 1] = c[1];
      buf[i + 2] = c[2];
    }
  }
  return buf;
}

export async function writeJpeg(file: string, seed: number, size = 64, kind?: 'stripes' | 'dots'): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(patternPixels(seed, size, size, kind), { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 85 }).toFile(file);
  return file;
}

/**
 * Put rows for existing image files straight into a catalogue, for tests of
 * areas after import (review, export, learning) that should not depend on the
 * importer's details. Returns the new image ids in order.
 */
export async function insertImages(db: Database, root: string, relPaths: string[]): Promise<number[]> {
  const now = new Date().toISOString();
  db.prepare('INSERT OR IGNORE INTO import_roots (path, created_at) VALUES (?, ?)').run(root, now);
  const rootId = (db.prepare('SELECT id FROM import_roots WHERE path = ?').get(root) as { id: number }).id;
  const ids: number[] = [];
  for (const rel of relPaths) {
    const file = path.join(root, rel);
    const bytes = fs.readFileSync(file);
    const meta = await sharp(bytes).metadata();
    const thumb = await sharp(bytes).resize(64, 64, { fit: 'inside' }).webp().toBuffer();
    const { lastInsertRowid } = db
      .prepare(
        'INSERT INTO images (sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(crypto.createHash('sha256').update(bytes).digest('hex'), rootId, rel, path.basename(rel), bytes.length, meta.width, meta.height, meta.format, now);
    db.prepare('INSERT INTO thumbnails (image_id, mime, width, height, data) VALUES (?, ?, 64, 64, ?)').run(lastInsertRowid, 'image/webp', thumb);
    ids.push(Number(lastInsertRowid));
  }
  return ids;
}

/**
 * The shared real-photo dataset beside the repository, if this machine has it;
 * CANTING_SHARED names the shared/ folder for a checkout that is not beside it (a git worktree).
 */
const SHARED_DIR = process.env.CANTING_SHARED ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared');
export const DATASET_DIR = path.join(SHARED_DIR, 'datasets', 'batik-irina4');
export const hasDataset = fs.existsSync(DATASET_DIR);
export const DATASET_SKIP_REASON = `needs ../shared/datasets/batik-irina4 (real batik photos, not shipped with the repository); absent here`;

/**
 * A few images as the backbone's input (n×224×224×3, laid end to end): one real
 * photo of each of two classes where the dataset is present, generated ones for the rest.
 */
export async function backboneInputs(count = 4): Promise<{ pixels: Float32Array; n: number }> {
  const files: string[] = [];
  if (hasDataset) {
    for (const cls of fs.readdirSync(DATASET_DIR).filter((c) => fs.statSync(path.join(DATASET_DIR, c)).isDirectory()).slice(0, 2)) {
      const jpgs = fs.readdirSync(path.join(DATASET_DIR, cls)).filter((f) => f.endsWith('.jpg')).slice(0, 1);
      files.push(...jpgs.map((f) => path.join(DATASET_DIR, cls, f)));
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-inputs-'));
  try {
    for (let seed = 1; files.length < count; seed++) files.push(await writeJpeg(path.join(dir, `g${seed}.jpg`), seed, 64));
    const each = await Promise.all(files.map((f) => preprocess(f)));
    const pixels = new Float32Array(each.length * each[0].length);
    each.forEach((p, i) => pixels.set(p, i * p.length));
    return { pixels, n: each.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
