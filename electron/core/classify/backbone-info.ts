/**
 * What identifies the frozen feature extractor. Kept apart from backbone.ts so
 * that code which only needs the id (caches, manifests, retraining) does not
 * load TensorFlow.js.
 */

/**
 * nsfwjs 4.4.0's bundled Keras MobileNetV2 (ImageNet-pretrained, then tuned
 * by nsfwjs on its own 5-class task). The embedding is two parts: the model's
 * own pooled features at `flatten_1` (1280-d), then texture statistics of
 * block 16's 7×7×320 output (each channel's mean and standard deviation over
 * the 49 positions, 640-d). Batik motifs are repeated patterns, and such
 * channel statistics are the classic texture descriptor; the pooled features
 * alone were bent towards nsfwjs's task. Measured with `npm run bench:features`
 * (README). Changing the weights, the cut, the statistics or the preprocessing
 * must change this id, so that cached embeddings and heads trained on the old
 * features are never mixed with new.
 */
// "-bilinear": sharp decode, then nsfwjs's own bilinear resize. "+block_16-meanstd": the texture part.
export const BACKBONE_ID = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1+block_16-meanstd-bilinear';
/** Channels of the pooled part: Conv_1's output after global average pooling (the top block's width). */
export const POOLED_DIM = 1280;
/** Block 16's channels, each contributing a mean and a standard deviation. */
export const TEXTURE_DIM = 2 * 320;
export const EMBEDDING_DIM = POOLED_DIM + TEXTURE_DIM;
export const INPUT_SIZE = 224;

/** How pixels reach the backbone (recorded in every manifest). */
export const PREPROCESSING = {
  size: INPUT_SIZE,
  channels: 'rgb',
  scale: '0..1',
  resize: 'sharp decode (EXIF orientation applied, alpha flattened on black, at most 448 px), then bilinear with aligned corners to 224×224 (aspect ratio not kept), as nsfwjs',
} as const;

/**
 * Fine-tuning retrains the backbone's top block: the 1×1 convolution `Conv_1`
 * (BatchNormalization folded in, ReLU6) that turns block 16's 7×7×320 output
 * into 7×7×1280 before the average pool. Everything below it stays frozen.
 */
export const TOP_INPUT_LAYER = 'block_16_project_BN';
export const TOP_INPUT_SHAPE = [7, 7, 320] as const;
export const TOP_INPUT_DIM = TOP_INPUT_SHAPE[0] * TOP_INPUT_SHAPE[1] * TOP_INPUT_SHAPE[2];
/** Bytes of a serialised top block: kernel 320×1280 then bias 1280, float32 little-endian. */
export const TOP_BYTES = (TOP_INPUT_SHAPE[2] * POOLED_DIM + POOLED_DIM) * 4;

const VARIANT_MARK = '+top-';

/**
 * The backbone id of the frozen backbone with a fine-tuned top block. It names
 * the weights (a hash), so embeddings cached under it can only ever come from
 * exactly these weights, and two versions with the same top share a cache.
 */
export function backboneVariantId(topBytes: Uint8Array, sha256: (b: Uint8Array) => string): string {
  return `${BACKBONE_ID}${VARIANT_MARK}${sha256(topBytes).slice(0, 16)}`;
}

/** Whether a backbone id names a fine-tuned top block (of this release's backbone or an earlier one's). */
export function isFineTunedBackbone(id: string): boolean {
  return id.includes(VARIANT_MARK);
}

/**
 * Whether a backbone id is this app's backbone, frozen or with a fine-tuned top.
 * Ids of earlier releases are not: their features are no longer computed.
 */
export function isOwnBackbone(id: string): boolean {
  return id === BACKBONE_ID || (id.startsWith(BACKBONE_ID + VARIANT_MARK) && /^[0-9a-f]{16}$/.test(id.slice(BACKBONE_ID.length + VARIANT_MARK.length)));
}
