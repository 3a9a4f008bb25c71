/**
 * Perceptual hash: a 64-bit difference hash (dHash). The image is reduced to
 * 9×8 grey pixels and each bit says whether a pixel is brighter than its right
 * neighbour. Re-encoding, resizing and small crops move only a few bits, so
 * near-duplicates sit within a small Hamming distance of each other.
 */
export const DHASH_WIDTH = 9;
export const DHASH_HEIGHT = 8;

/**
 * Two images are near-duplicates at a Hamming distance of at most this many
 * bits (of 64). Measured on the real batik set (992 photos, 40 sampled for
 * variants): JPEG re-encodes differ by 0–3 bits, 60 % resizes by median 2,
 * p90 4, max 7; a 5 % crop by median 9 (fine texture shifts under a crop, so
 * dHash catches only the mildest crops). Between different photos the
 * nearest neighbour is ≤ 6 bits for about 3 % of photos (some of them real
 * near-duplicates in that set). 6 keeps resizes/re-encodes together while
 * merging few distinct photos; a merge only groups them in the review grid,
 * it never drops an image.
 */
export const NEAR_DUPLICATE_BITS = 6;

/** dHash of 9×8 greyscale pixels (row-major), as 16 hex digits. */
export function dhashFromGrey(grey: Uint8Array): string {
  if (grey.length !== DHASH_WIDTH * DHASH_HEIGHT) throw new Error(`dHash needs ${DHASH_WIDTH}×${DHASH_HEIGHT} grey pixels`);
  let hi = 0;
  let lo = 0;
  let bit = 0;
  for (let y = 0; y < DHASH_HEIGHT; y++) {
    for (let x = 0; x < DHASH_WIDTH - 1; x++) {
      const on = grey[y * DHASH_WIDTH + x] > grey[y * DHASH_WIDTH + x + 1] ? 1 : 0;
      if (bit < 32) hi = (hi << 1) | on;
      else lo = (lo << 1) | on;
      bit++;
    }
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hamming(a: string, b: string): number {
  return (
    popcount32((parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) >>> 0) +
    popcount32((parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16)) >>> 0)
  );
}

/**
 * The perceptual hashes of a catalogue in two typed arrays (8 bytes per
 * image), scanned linearly: a 10,000-image catalogue is 10,000 XOR+popcounts
 * per new image, well under a millisecond, without a tree to keep in step.
 */
export class PhashIndex {
  private ids = new Int32Array(1024);
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private n = 0;

  add(id: number, hex: string): void {
    if (this.n === this.ids.length) {
      const grow = <T extends Int32Array | Uint32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.ids = grow(this.ids);
      this.hi = grow(this.hi);
      this.lo = grow(this.lo);
    }
    this.ids[this.n] = id;
    this.hi[this.n] = parseInt(hex.slice(0, 8), 16) >>> 0;
    this.lo[this.n] = parseInt(hex.slice(8), 16) >>> 0;
    this.n++;
  }

  /** Ids of the images within `maxBits` of `hex`. */
  near(hex: string, maxBits = NEAR_DUPLICATE_BITS): number[] {
    const h = parseInt(hex.slice(0, 8), 16) >>> 0;
    const l = parseInt(hex.slice(8), 16) >>> 0;
    const out: number[] = [];
    for (let i = 0; i < this.n; i++) {
      if (popcount32((this.hi[i] ^ h) >>> 0) + popcount32((this.lo[i] ^ l) >>> 0) <= maxBits) out.push(this.ids[i]);
    }
    return out;
  }

  get size(): number {
    return this.n;
  }
}
