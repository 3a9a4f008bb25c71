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

/**
 * MobileNetV2 cut at block 13: texture statistics of three mid-level
 * expansions (block 6 at 28×28×192, block 10 at 14×14×384, block 13 at
 * 14×14×576). Batik motifs are repeated patterns of strokes and small shapes,
 * which mid-level maps describe better than the last block, bent towards
 * nsfwjs's own task. The layers were chosen on block cross-validation of
 * batik-irina4 (MODEL_CARD.md); it runs less of the network than MOBILENET_V2.
 */
export const MOBILENET_V2_MID: BackboneDefinition = {
  id: 'mobilenet_v2-nsfwjs-4.4.0-block_6+10+13_expand-meanstd-bilinear',
  label: 'MobileNetV2 mid-level',
  model: 'nsfwjs-mobilenet_v2',
  inputSize: INPUT_SIZE,
  normalisation: '0..1',
  parts: [
    { layer: 'block_6_expand_relu', stat: 'meanstd', dim: 2 * 192 },
    { layer: 'block_10_expand_relu', stat: 'meanstd', dim: 2 * 384 },
    { layer: 'block_13_expand_relu', stat: 'meanstd', dim: 2 * 576 },
  ],
  dim: 2 * (192 + 384 + 576),
  views: 'whole',
};

/**
 * InceptionV3 cut at mixed7: texture statistics of mixed3 (35×35 → 17×17×768
 * after its reduction), mixed5 and mixed7 (17×17×768 each). The most accurate
 * pipeline on block cross-validation of batik-irina4 (MODEL_CARD.md), and
 * cheaper than INCEPTION_V3 (no mixed8–10).
 */
export const INCEPTION_V3_MID: BackboneDefinition = {
  id: 'inception_v3-nsfwjs-4.4.0-mixed3+mixed5+mixed7-meanstd-bilinear',
  label: 'InceptionV3 mid-level',
  model: 'nsfwjs-inception_v3',
  inputSize: 299,
  normalisation: '0..1',
  parts: [
    { layer: 'mixed3', stat: 'meanstd', dim: 2 * 768 },
    { layer: 'mixed5', stat: 'meanstd', dim: 2 * 768 },
    { layer: 'mixed7', stat: 'meanstd', dim: 2 * 768 },
  ],
  dim: 3 * 2 * 768,
  views: 'whole',
};

export const BACKBONES: readonly BackboneDefinition[] = [MOBILENET_V2, MOBILENET_V2_VIEWS, MOBILENET_V2_MID, INCEPTION_V3, INCEPTION_V3_MID];

/** Whether a definition's embedding is texture statistics only (any such definition runs through stats.ts). */
export function isStatsOnly(def: BackboneDefinition): boolean {
  return def.parts.every((p) => p.stat === 'meanstd');
}

/** The definition with this id, or undefined (an id of another release, or a fine-tuned variant). */
export function findBackbone(id: string): BackboneDefinition | undefined {
  return BACKBONES.find((b) => b.id === id);
}

/** Views per image a definition embeds (its cost multiplier). */
export function viewCount(def: BackboneDefinition): number {
  return def.views === 'whole+2x2' ? 5 : 1;
}
