import crypto from 'node:crypto';
import { backboneVariantId, POOLED_DIM, TOP_BYTES, TOP_INPUT_SHAPE } from './backbone-info.js';

/**
 * The backbone's top block as plain numbers (no TensorFlow.js): the folded
 * `Conv_1` 1×1 kernel (320 in × 1280 out, row-major [in][out]) and its bias.
 * A fine-tuned version stores these bytes next to its head; the backbone id
 * it reads features from is derived from them (backboneVariantId).
 */
export interface TopBlock {
  kernel: Float32Array;
  bias: Float32Array;
}

export const TOP_IN = TOP_INPUT_SHAPE[2];

export function serialiseTop(top: TopBlock): Buffer {
  if (top.kernel.length !== TOP_IN * POOLED_DIM || top.bias.length !== POOLED_DIM) {
    throw new Error(`a top block has a ${TOP_IN}×${POOLED_DIM} kernel and ${POOLED_DIM} biases`);
  }
  const out = Buffer.alloc(TOP_BYTES);
  Buffer.from(top.kernel.buffer, top.kernel.byteOffset, top.kernel.byteLength).copy(out, 0);
  Buffer.from(top.bias.buffer, top.bias.byteOffset, top.bias.byteLength).copy(out, top.kernel.byteLength);
  return out;
}

/** Read serialised top-block bytes; throws with what is wrong (size, non-finite weights). */
export function parseTop(bytes: Uint8Array): TopBlock {
  if (bytes.byteLength !== TOP_BYTES) {
    throw new Error(`the backbone top block has ${bytes.byteLength} bytes; expected ${TOP_BYTES} (a ${TOP_IN}×${POOLED_DIM} kernel and ${POOLED_DIM} biases, float32)`);
  }
  const all = new Float32Array(TOP_BYTES / 4);
  new Uint8Array(all.buffer).set(bytes);
  if (!all.every(Number.isFinite)) throw new Error('the backbone top block has non-finite weights (NaN or infinity)');
  return { kernel: all.subarray(0, TOP_IN * POOLED_DIM), bias: all.subarray(TOP_IN * POOLED_DIM) };
}

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/** The backbone id features computed with this top block are cached under. */
export function topBackboneId(bytes: Uint8Array): string {
  return backboneVariantId(bytes, sha256);
}
