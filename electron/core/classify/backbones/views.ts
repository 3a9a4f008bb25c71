import { toBackboneInput, type Crop, type DecodedImage } from '../preprocess.js';
import { viewCount, type BackboneDefinition } from './definitions.js';

/**
 * The views of one image a backbone definition embeds: the whole image, and
 * for 'whole+2x2' also its four quadrants (the 2×2 tiles of a 448 px resize,
 * each shown to the network at its input size). Batik motifs repeat, so a
 * quadrant shows the pattern at twice the scale; the views' embeddings are
 * averaged into the image's one embedding.
 */

/** A quadrant must have at least this many px on each side: below it, upscaling invents the pattern rather than showing it. */
export const MIN_TILE = 32;

export class TooSmallForTilingError extends Error {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    super(`the image is ${width}×${height} px, too small for 2×2 tiles (at least ${2 * MIN_TILE}×${2 * MIN_TILE} px needed)`);
  }
}

function crops(def: BackboneDefinition, img: DecodedImage): Crop[] {
  const whole = { x: 0, y: 0, width: img.width, height: img.height };
  if (def.views === 'whole') return [whole];
  const w = Math.floor(img.width / 2);
  const h = Math.floor(img.height / 2);
  if (w < MIN_TILE || h < MIN_TILE) throw new TooSmallForTilingError(img.width, img.height);
  return [whole, { x: 0, y: 0, width: w, height: h }, { x: img.width - w, y: 0, width: w, height: h }, { x: 0, y: img.height - h, width: w, height: h }, { x: img.width - w, y: img.height - h, width: w, height: h }];
}

/** Floats of one view's input. */
export function viewPixels(def: BackboneDefinition): number {
  return def.inputSize * def.inputSize * 3;
}

/** Write the image's viewCount(def) inputs into `out` from `offset` (throws TooSmallForTilingError before writing anything). */
export function writeViews(def: BackboneDefinition, img: DecodedImage, out: Float32Array<ArrayBuffer>, offset: number): void {
  const cs = crops(def, img);
  cs.forEach((c, i) => toBackboneInput(img, out, offset + i * viewPixels(def), def.inputSize, c));
}

/** n images × views embeddings (views of an image adjacent) → n embeddings, each the mean of its views. */
export function averageViews(def: BackboneDefinition, vectors: Float32Array<ArrayBuffer>, n: number): Float32Array<ArrayBuffer> {
  const v = viewCount(def);
  if (v === 1) return vectors;
  const out = new Float32Array(n * def.dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < v; j++) {
      const from = (i * v + j) * def.dim;
      for (let d = 0; d < def.dim; d++) out[i * def.dim + d] += vectors[from + d] / v;
    }
  }
  return out;
}
