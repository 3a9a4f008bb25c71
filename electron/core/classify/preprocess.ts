import sharp from 'sharp';
import { INPUT_SIZE } from './backbone-info.js';

/**
 * Pixels for the backbone, in two steps:
 *
 * 1. decodeImage (sharp): EXIF orientation applied, alpha flattened on black,
 *    sRGB, 3 channels, and large photos brought down to at most DECODE_MAX px
 *    on the long side (JPEG shrink-on-load makes that cheap). Small images
 *    (the datasets' 256 px photos) are decoded as they are.
 * 2. toBackboneInput (plain JS): bilinear resize with aligned corners to
 *    224×224 — the whole image, aspect ratio not kept — and scaling to [0,1],
 *    exactly what nsfwjs does for this backbone (tf.image.resizeBilinear with
 *    alignCorners = true, then ÷255).
 *
 * Why not let sharp do the final resize: each extra libvips resize costs about
 * 2.5 ms of CPU per image even for a 256 px photo (pipeline set-up dominates),
 * a quarter of everything classification spent outside the network; this JS
 * resize writes floats straight into the batch in about half that.
 */

/** The decoder's output is at most this many px on its long side. */
export const DECODE_MAX = 2 * INPUT_SIZE;

export interface DecodedImage {
  /** RGB bytes, row-major, width × height × 3. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** Decode any supported image to RGB bytes (at most DECODE_MAX px). Throws on unreadable/corrupt images. */
export async function decodeImage(input: string | Buffer): Promise<DecodedImage> {
  const { data, info } = await sharp(input, { failOn: 'error' })
    .rotate()
    .resize(DECODE_MAX, DECODE_MAX, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#000000' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
    throw new Error(`unexpected decoded shape ${info.width}×${info.height}×${info.channels}`);
  }
  return { data, width: info.width, height: info.height };
}

/** Source offsets and weights along one axis of the span [start, start+inSize) (aligned corners: first and last samples map exactly). */
function axis(inSize: number, outSize: number, stride: number, start = 0): { lo: Int32Array; hi: Int32Array; frac: Float64Array } {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  const scale = outSize > 1 ? (inSize - 1) / (outSize - 1) : 0;
  for (let o = 0; o < outSize; o++) {
    const src = o * scale;
    const l = Math.floor(src);
    lo[o] = (start + l) * stride;
    hi[o] = (start + Math.min(l + 1, inSize - 1)) * stride;
    frac[o] = src - l;
  }
  return { lo, hi, frac };
}

/** A rectangle of the decoded image, px. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A decoded image (or a `crop` of it) → the backbone's 224×224×3 float32 input in [0,1], written
 * into `out` at `offset` (so a batch is filled in place, with no copies);
 * `size` for backbones with another input size (InceptionV3: 299).
 * Separable: each output row first blends its two source rows (with the ÷255
 * folded into the weights), then blends along the row. It runs for every
 * image classified, so it is written for speed.
 */
export function toBackboneInput(
  img: DecodedImage,
  out = new Float32Array(INPUT_SIZE * INPUT_SIZE * 3),
  offset = 0,
  size = INPUT_SIZE,
  crop: Crop = { x: 0, y: 0, width: img.width, height: img.height },
): Float32Array {
  const { data, width } = img;
  const ys = axis(crop.height, size, width * 3, crop.y);
  const xs = axis(crop.width, size, 3, crop.x);
  const n = width * 3;
  const row = new Float32Array(n);
  let o = offset;
  for (let y = 0; y < size; y++) {
    const top = ys.lo[y];
    const bottom = ys.hi[y];
    const wb = ys.frac[y] / 255;
    const wt = 1 / 255 - wb;
    for (let i = 0; i < n; i++) row[i] = data[top + i] * wt + data[bottom + i] * wb;
    for (let x = 0; x < size; x++) {
      const l = xs.lo[x];
      const r = xs.hi[x];
      const wr = xs.frac[x];
      const wl = 1 - wr;
      out[o] = row[l] * wl + row[r] * wr;
      out[o + 1] = row[l + 1] * wl + row[r + 1] * wr;
      out[o + 2] = row[l + 2] * wl + row[r + 2] * wr;
      o += 3;
    }
  }
  return out;
}

/** One image → the backbone's input tensor data (224×224×3 float32 in [0,1]). */
export async function preprocess(input: string | Buffer): Promise<Float32Array> {
  return toBackboneInput(await decodeImage(input));
}
