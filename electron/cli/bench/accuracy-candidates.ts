import { INCEPTION_V3, INCEPTION_V3_MID, MOBILENET_V2, MOBILENET_V2_MID, MOBILENET_V2_VIEWS } from '../../core/classify/backbones/definitions.js';

/**
 * The feature pipelines `canting bench accuracy` scores. A candidate reads the
 * embeddings of one or more backbone definitions (concatenated), optionally a
 * slice of them, or is a cascade: the fast pipeline's head decides alone when
 * it is sure (top probability ≥ threshold), the accurate one decides the rest.
 */
export type Candidate =
  | { id: string; kind: 'features'; backbones: readonly string[]; slice?: readonly [number, number]; note: string }
  | { id: string; kind: 'cascade'; fast: string; accurate: string; threshold: number; note: string };

const MIXED10_MEAN_FROM = 2 * 768; // INCEPTION_V3's parts: mixed7 mean+std, then mixed10 mean (= its global average pool), then std

export const CANDIDATES: readonly Candidate[] = [
  { id: MOBILENET_V2.id, kind: 'features', backbones: [MOBILENET_V2.id], note: "today's MobileNetV2 embedding (pooled flatten_1 + block 16 mean/std)" },
  { id: MOBILENET_V2_VIEWS.id, kind: 'features', backbones: [MOBILENET_V2_VIEWS.id], note: 'MobileNetV2, whole image + 2×2 quadrants, embeddings averaged (train and test)' },
  {
    id: 'inception_v3-mixed10-pooled',
    kind: 'features',
    backbones: [INCEPTION_V3.id],
    slice: [MIXED10_MEAN_FROM, MIXED10_MEAN_FROM + 2048],
    note: 'InceptionV3, mixed10 global average pool only',
  },
  { id: INCEPTION_V3.id, kind: 'features', backbones: [INCEPTION_V3.id], note: 'InceptionV3, mean and std of mixed7 and mixed10' },
  { id: MOBILENET_V2_MID.id, kind: 'features', backbones: [MOBILENET_V2_MID.id], note: 'MobileNetV2 cut at block 13, mean and std of the block 6, 10 and 13 expansions' },
  { id: INCEPTION_V3_MID.id, kind: 'features', backbones: [INCEPTION_V3_MID.id], note: 'InceptionV3 cut at mixed7, mean and std of mixed3, mixed5 and mixed7' },
  {
    id: 'cascade-mobilenet_v2_mid-0.9-inception_v3_mid',
    kind: 'cascade',
    fast: MOBILENET_V2_MID.id,
    accurate: INCEPTION_V3_MID.id,
    threshold: 0.9,
    note: 'MobileNetV2 mid-level head; InceptionV3 mid-level head where its top probability < 0.9',
  },
  { id: 'concat-mobilenet_v2+inception_v3', kind: 'features', backbones: [MOBILENET_V2.id, INCEPTION_V3.id], note: 'both embeddings concatenated' },
  { id: 'cascade-mobilenet_v2-0.9-inception_v3', kind: 'cascade', fast: MOBILENET_V2.id, accurate: INCEPTION_V3.id, threshold: 0.9, note: 'MobileNetV2 head; InceptionV3 head where its top probability < 0.9' },
  { id: 'cascade-mobilenet_v2-0.7-inception_v3', kind: 'cascade', fast: MOBILENET_V2.id, accurate: INCEPTION_V3.id, threshold: 0.7, note: 'MobileNetV2 head; InceptionV3 head where its top probability < 0.7' },
];

/** Backbone definitions a candidate needs embeddings of. */
export function candidateBackbones(c: Candidate): string[] {
  return c.kind === 'features' ? [...c.backbones] : [c.fast, c.accurate];
}
