/**
 * What identifies the frozen feature extractor. Kept apart from backbone.ts so
 * that code which only needs the id (caches, manifests, retraining) does not
 * load TensorFlow.js.
 */

/**
 * nsfwjs 4.4.0's bundled Keras MobileNetV2 (ImageNet-pretrained, then tuned
 * by nsfwjs on its own 5-class task), cut at layer `flatten_1`. Changing the
 * weights, the cut or the preprocessing must change this id, so that cached
 * embeddings and heads trained on the old features are never mixed with new.
 */
// "-bilinear": since 0.1.0's second preprocessing (sharp decode, then nsfwjs's own bilinear resize).
export const BACKBONE_ID = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear';
export const EMBEDDING_DIM = 1280;
export const INPUT_SIZE = 224;

/** How pixels reach the backbone (recorded in every manifest). */
export const PREPROCESSING = {
  size: INPUT_SIZE,
  channels: 'rgb',
  scale: '0..1',
  resize: 'sharp decode (EXIF orientation applied, alpha flattened on black, at most 448 px), then bilinear with aligned corners to 224×224 (aspect ratio not kept), as nsfwjs',
} as const;
