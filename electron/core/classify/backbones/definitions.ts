import { BACKBONE_ID, EMBEDDING_DIM, INPUT_SIZE } from '../backbone-info.js';

/**
 * Backbones as data: each feature pipeline is a versioned definition (model,
 * input size, normalisation, the layers whose statistics make the embedding,
 * the views of an image) with its own id. The id is what embeddings, heads
 * and reports record, so features of two definitions are never mixed.
 * Changing anything a definition says must change its id.
 *
 * Kept free of TensorFlow.js so that caches, manifests and the UI can read
 * definitions without loading an engine.
 */

export type BackboneModel = 'nsfwjs-mobilenet_v2' | 'nsfwjs-inception_v3';

/** How an image is shown to the network: the whole image, or the whole image and its four quadrants (embeddings averaged). */
export type BackboneViews = 'whole' | 'whole+2x2';

export interface BackboneDefinition {
  /** Recorded with every embedding and head; never reused for different features. */
  readonly id: string;
  /** A short name for people (Models panel, bench output). */
  readonly label: string;
  readonly model: BackboneModel;
  /** Square input, px (bilinear resize with aligned corners, aspect ratio not kept). */
  readonly inputSize: number;
  readonly normalisation: '0..1';
  /**
   * The embedding, part by part: `pooled` = the layer's own (already pooled)
   * output; `meanstd` = each channel's mean then standard deviation over the
   * map's positions (texture statistics).
   */
  readonly parts: readonly { layer: string; stat: 'pooled' | 'meanstd'; dim: number }[];
  readonly dim: number;
  readonly views: BackboneViews;
}

/** Today's (and every earlier catalogue's) pipeline: the id is unchanged, so existing embeddings and heads stay valid. */
export const MOBILENET_V2: BackboneDefinition = {
  id: BACKBONE_ID,
  label: 'MobileNetV2',
  model: 'nsfwjs-mobilenet_v2',
  inputSize: INPUT_SIZE,
  normalisation: '0..1',
  parts: [
    { layer: 'flatten_1', stat: 'pooled', dim: 1280 },
    { layer: 'block_16_project_BN', stat: 'meanstd', dim: 640 },
  ],
  dim: EMBEDDING_DIM,
  views: 'whole',
};

/** MobileNetV2 on the whole image and on its four quadrants, the five embeddings averaged. */
export const MOBILENET_V2_VIEWS: BackboneDefinition = {
  ...MOBILENET_V2,
  id: `${BACKBONE_ID}+views-whole-2x2`,
  label: 'MobileNetV2 ×5 views',
  views: 'whole+2x2',
};

/**
 * nsfwjs 4.4.0's InceptionV3 (input 299, [0,1]) with BatchNormalization
 * folded: texture statistics of `mixed7` (17×17×768) and `mixed10`
 * (8×8×2048). mixed10's channel means are exactly its global average pool.
 */
export const INCEPTION_V3: BackboneDefinition = {
  id: 'inception_v3-nsfwjs-4.4.0-mixed7+mixed10-meanstd-bilinear',
  label: 'InceptionV3',
  model: 'nsfwjs-inception_v3',
  inputSize: 299,
  normalisation: '0..1',
  parts: [
    { layer: 'mixed7', stat: 'meanstd', dim: 2 * 768 },
    { layer: 'mixed10', stat: 'meanstd', dim: 2 * 2048 },
  ],
  dim: 2 * 768 + 2 * 2048,
  views: 'whole',
};

export const BACKBONES: readonly BackboneDefinition[] = [MOBILENET_V2, MOBILENET_V2_VIEWS, INCEPTION_V3];

/** The definition with this id, or undefined (an id of another release, or a fine-tuned variant). */
export function findBackbone(id: string): BackboneDefinition | undefined {
  return BACKBONES.find((b) => b.id === id);
}

/** Views per image a definition embeds (its cost multiplier). */
export function viewCount(def: BackboneDefinition): number {
  return def.views === 'whole+2x2' ? 5 : 1;
}
