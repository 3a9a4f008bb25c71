import sharp from 'sharp';
import type { Database } from 'better-sqlite3';
import { INPUT_SIZE } from '../classify/backbone-info.js';
import { imagesWithoutEmbedding, putEmbeddings } from '../classify/embeddings.js';
import { pipelined } from '../classify/pool.js';
import { toBackboneInput, type DecodedImage } from '../classify/preprocess.js';
import { IMAGE_FILES_SQL, imageFile } from '../catalogue/roots.js';

/**
 * Augmented views for training, as in the research: rotation, zoom, flip and
 * a colour change. Each view is pushed through the frozen backbone once and
 * cached as an extra embedding (view 1..n of the `embeddings` table), so
 * retraining never touches pixels again. Only computed where a backbone can
 * run; training uses whatever views are cached.
 */

export interface Augmentation {
  view: number;
  name: string;
}

export const AUGMENTATIONS: readonly Augmentation[] = [
  { view: 1, name: 'rotate 15°' },
  { view: 2, name: 'zoom 1.25×' },
  { view: 3, name: 'mirror' },
  { view: 4, name: 'colour shift (hue +12°, saturation 0.8, brightness 1.1)' },
];

const BASE = 256;

/** One augmented view of an image, decoded (RGB bytes); toBackboneInput makes it the backbone's input. */
export async function augmentedImage(input: string | Buffer, view: number): Promise<DecodedImage> {
  // Normalise first (EXIF orientation, alpha, sRGB, square) so every view starts from the same pixels.
  const base = await sharp(input, { failOn: 'error' })
    .rotate()
    .flatten({ background: '#000000' })
    .toColourspace('srgb')
    .resize(BASE, BASE, { fit: 'fill' })
    .removeAlpha()
    .png()
    .toBuffer();
  let img = sharp(base);
  switch (view) {
    case 1: {
      // Rotate, then keep the largest square without the blank corners (side / (cos + sin)).
      const rotated = await sharp(base).rotate(15, { background: '#000000' }).png().toBuffer({ resolveWithObject: true });
      const rad = (15 * Math.PI) / 180;
      const side = Math.floor(BASE / (Math.cos(rad) + Math.sin(rad)));
      const left = Math.floor((rotated.info.width - side) / 2);
      const top = Math.floor((rotated.info.height - side) / 2);
      img = sharp(rotated.data).extract({ left, top, width: side, height: side });
      break;
    }
    case 2: {
      const side = Math.round(BASE / 1.25);
      const off = Math.floor((BASE - side) / 2);
      img = sharp(base).extract({ left: off, top: off, width: side, height: side });
      break;
    }
    case 3:
      img = sharp(base).flop();
      break;
    case 4:
      img = sharp(base).modulate({ hue: 12, saturation: 0.8, brightness: 1.1 });
      break;
    default:
      throw new Error(`no augmentation for view ${view}; views are ${AUGMENTATIONS.map((a) => a.view).join(', ')}`);
  }
  const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`augmented view has ${info.channels} channels`);
  return { data, width: info.width, height: info.height };
}

/**
 * The backbone's input for a batch of augmented views, laid end to end for the
 * views that could be made; `ok` lists their indices into `items`, `failed` the rest with why.
 */
export async function augmentedBatch(
  items: readonly { file: string | undefined; view: number }[],
): Promise<{ pixels: Float32Array; ok: number[]; failed: { index: number; message: string }[] }> {
  const size = INPUT_SIZE * INPUT_SIZE * 3;
  const pixels = new Float32Array(items.length * size);
  const ok: number[] = [];
  const failed: { index: number; message: string }[] = [];
  for (const [index, it] of items.entries()) {
    try {
      if (!it.file) throw new Error('no such image');
      toBackboneInput(await augmentedImage(it.file, it.view), pixels, ok.length * size);
      ok.push(index);
    } catch (err) {
      failed.push({ index, message: (err as Error).message });
    }
  }
  return { pixels: pixels.subarray(0, ok.length * size), ok, failed };
}

/** Where some images' files are (image id → path). */
export function imageFiles(db: Database, ids: readonly number[]): Map<number, string> {
  const rows = db
    .prepare(`${IMAGE_FILES_SQL} WHERE i.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: number; root: string; rel_path: string }[];
  return new Map(rows.map((r) => [r.id, imageFile(r)]));
}

/** Anything that turns n×224×224×3 [0,1] pixels into n embeddings (the engine pool, or a backbone in-thread). */
export type Embedder = (pixels: Float32Array, n: number) => Promise<Float32Array>;

/**
 * Compute and cache the missing augmented views of some images. Files that
 * cannot be read are skipped and reported; the cache is written per batch in
 * one transaction, so an interruption keeps what was finished.
 */
export async function cacheAugmentedViews(
  db: Database,
  backbone: string,
  imageIds: readonly number[],
  embed: Embedder,
  opts: { views?: readonly number[]; batch?: number; onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<{ computed: number; failed: { imageId: number; message: string }[] }> {
  const views = opts.views ?? AUGMENTATIONS.map((a) => a.view);
  const files = imageFiles(db, imageIds);
  const todo: { imageId: number; view: number }[] = [];
  for (const view of views) for (const imageId of imagesWithoutEmbedding(db, imageIds, backbone, view)) todo.push({ imageId, view });
  const failed: { imageId: number; message: string }[] = [];
  let computed = 0;
  let done = 0;
  // Before the first batch: the job's rate and ETA count from here, not from starting the backbone.
  if (todo.length) opts.onProgress?.(0, todo.length);
  // Batches overlap (augmenting one while the backbone embeds others); each is cached in its own transaction.
  await pipelined(
    todo,
    opts.batch ?? 8,
    4,
    async (slice) => {
      const made = await augmentedBatch(slice.map((t) => ({ file: files.get(t.imageId), view: t.view })));
      const ok = made.ok.map((i) => slice[i]);
      return { ok, failedHere: made.failed.map((f) => ({ imageId: slice[f.index].imageId, message: f.message })), vectors: ok.length ? await embed(made.pixels, ok.length) : new Float32Array(0) };
    },
    ({ ok, failedHere, vectors }, slice) => {
      failed.push(...failedHere);
      if (ok.length) {
        const dim = vectors.length / ok.length;
        putEmbeddings(db, backbone, ok.map((t, i) => ({ imageId: t.imageId, view: t.view, vector: vectors.slice(i * dim, (i + 1) * dim) })));
        computed += ok.length;
      }
      done += slice.length;
      opts.onProgress?.(done, todo.length);
    },
    () => Boolean(opts.signal?.aborted),
  );
  return { computed, failed };
}
