import { MOBILENET_V2 } from './definitions.js';

/**
 * The pipeline new catalogues start with, chosen on block cross-validation of
 * batik-irina4 (npm run bench:accuracy; models/MODEL_CARD.md lists every
 * candidate with its accuracy and speed).
 */
export const DEFAULT_BACKBONE_ID = MOBILENET_V2.id;
