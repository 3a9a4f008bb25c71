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
export const BACKBONE_ID = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1';
export const EMBEDDING_DIM = 1280;
export const INPUT_SIZE = 224;

/** How pixels reach the backbone (recorded in every manifest). */
export const PREPROCESSING = {
  size: INPUT_SIZE,
  channels: 'rgb',
  scale: '0..1',
  resize: 'sharp fill (aspect ratio not kept), EXIF orientation applied, alpha flattened on black',
} as const;
