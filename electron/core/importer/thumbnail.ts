import sharp from 'sharp';
import { DHASH_HEIGHT, DHASH_WIDTH, dhashFromGrey } from './phash.js';

export const THUMBNAIL_SIZE = 256;

export interface Rendered {
  thumbnail: { data: Buffer; width: number; height: number; mime: 'image/webp' };
  phash: string;
}

/**
 * Decode the image once (first page/frame, EXIF orientation applied) down to
 * at most 256 px, then make both the grid thumbnail (WebP) and the perceptual
 * hash from those pixels. JPEG shrink-on-load makes the one decode cheap.
 */
export async function renderThumbnail(bytes: Buffer, maxPixels: number): Promise<Rendered> {
  const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };
  const webp = await sharp(data, { raw }).webp({ quality: 75, effort: 0 }).toBuffer({ resolveWithObject: true });
  return {
    thumbnail: { data: webp.data, width: webp.info.width, height: webp.info.height, mime: 'image/webp' },
    phash: dhashFromGrey(areaGrey(data, info.width, info.height, info.channels)),
  };
}

/**
 * Mean luminance of each of the 9×8 cells. An exact area average, not a
 * resampling kernel: batik is fine texture, and kernel resizes alias it, so a
 * mere resize of the same photo flipped up to 34 bits; with area means resizes
 * of the real batik photos stay within 7 (p90 4).
 */
export function areaGrey(rgb: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  const sums = new Float64Array(DHASH_WIDTH * DHASH_HEIGHT);
  const counts = new Uint32Array(DHASH_WIDTH * DHASH_HEIGHT);
  for (let y = 0; y < height; y++) {
    const cy = Math.min(DHASH_HEIGHT - 1, Math.floor((y * DHASH_HEIGHT) / height));
    for (let x = 0; x < width; x++) {
      const cx = Math.min(DHASH_WIDTH - 1, Math.floor((x * DHASH_WIDTH) / width));
      const i = (y * width + x) * channels;
      const lum = channels >= 3 ? 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2] : rgb[i];
      sums[cy * DHASH_WIDTH + cx] += lum;
      counts[cy * DHASH_WIDTH + cx]++;
    }
  }
  return Uint8Array.from(sums, (s, i) => Math.round(s / Math.max(1, counts[i])));
}
