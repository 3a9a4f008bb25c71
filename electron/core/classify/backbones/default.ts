import { BACKBONES, INCEPTION_V3_MID, MOBILENET_V2 } from './definitions.js';

/**
 * The pipeline new catalogues start with, chosen on block cross-validation of
 * batik-irina4 (npm run bench:accuracy) and measured against the speed and
 * memory targets (npm run bench:classify); models/MODEL_CARD.md lists every
 * candidate. A catalogue records its pipeline when it is made, so changing
 * this never changes an existing catalogue's features.
 */
export const DEFAULT_BACKBONE_ID = INCEPTION_V3_MID.id;

/** What a catalogue that recorded no pipeline uses: every catalogue made before pipelines were recorded computed MobileNetV2's features. */
export const UNRECORDED_PIPELINE_ID = MOBILENET_V2.id;

/**
 * The pipeline a catalogue made now records: the default, or the one
 * CANTING_NEW_CATALOGUE_PIPELINE names (the test suite pins the fast
 * MobileNetV2 pipeline with it; tests of the default unset it).
 */
export function newCataloguePipeline(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.CANTING_NEW_CATALOGUE_PIPELINE?.trim();
  if (!v) return DEFAULT_BACKBONE_ID;
  if (!BACKBONES.some((b) => b.id === v)) throw new Error(`CANTING_NEW_CATALOGUE_PIPELINE names no pipeline of this release: "${v}" (known: ${BACKBONES.map((b) => b.id).join(', ')})`);
  return v;
}
