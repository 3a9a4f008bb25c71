import sharp from 'sharp';
import { INPUT_SIZE } from './backbone-info.js';

/**
 * Pixels for the backbone: decode with sharp, apply EXIF orientation, drop
 * alpha, convert to sRGB, resize to 224×224 (the whole image, aspect ratio not
 * kept — as nsfwjs and the research do), then scale to [0,1].
 *
 * Known difference from nsfwjs's own path: nsfwjs resizes with
 * tf.image.resizeBilinear(alignCorners=true) on the float image, we resize
 * with sharp's default (Lanczos-3) before scaling. For the 256×256 dataset
 * photos that is a slight sharpness difference, not a different input range;
 * the head is trained on exactly this preprocessing, so it is consistent.
 */

/** 224×224×3 bytes, RGB, row-major. Throws on unreadable/corrupt images. */
export async function decodeRgb(input: string | Buffer): Promise<Buffer> {
  const { data, info } = await sharp(input, { failOn: 'error' })
    .rotate()
    .flatten({ background: '#000000' })
    .toColourspace('srgb')
    .resize(INPUT_SIZE, INPUT_SIZE, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== INPUT_SIZE || info.height !== INPUT_SIZE || info.channels !== 3) {
    throw new Error(`unexpected decoded shape ${info.width}×${info.height}×${info.channels}`);
  }
  return data;
}

/** Bytes 0..255 → float32 0..1, written into `out` at `offset` (so batches need no copies). */
export function toUnitFloat(rgb: Uint8Array, out = new Float32Array(rgb.length), offset = 0): Float32Array {
  for (let i = 0; i < rgb.length; i++) out[offset + i] = rgb[i] / 255;
  return out;
}

/** One image → the backbone's input tensor data (224×224×3 float32 in [0,1]). */
export async function preprocess(input: string | Buffer): Promise<Float32Array> {
  return toUnitFloat(await decodeRgb(input));
}
