import { z } from 'zod';

/**
 * The manifest that travels with every classifier head (models/<name>/manifest.json,
 * the `models.manifest` column, imported folders). It says which facet the
 * head answers for, its output labels IN ORDER (label keys, see labelKey in
 * catalogue/facets.ts), which backbone's features it reads, how inputs were
 * preprocessed, what it was trained on, and how well it did.
 *
 * Stable API (retraining builds on it): ModelManifest, parseManifest, MANIFEST_FORMAT.
 */
export const MANIFEST_FORMAT = 1;

const PerClassMetrics = z.object({
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  f1: z.number().min(0).max(1),
  support: z.number().int().nonnegative(),
});

export const Metrics = z
  .object({
    accuracy: z.number().min(0).max(1),
    perClass: z.record(z.string(), PerClassMetrics).optional(),
    /** confusion[i][j]: images of true label i predicted as label j (label order of the manifest). */
    confusion: z.array(z.array(z.number().int().nonnegative())).optional(),
    evaluatedOn: z.string().optional(),
  })
  .passthrough();
export type Metrics = z.infer<typeof Metrics>;

/** SHA-256 of a file's bytes as lowercase hex: what the importer stores in images.sha256 (importer/hash.ts). */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 of the file bytes as 64 lowercase hex digits');

export const TrainingSummary = z
  .object({
    dataset: z.string(),
    images: z.number().int().nonnegative(),
    perLabel: z.record(z.string(), z.number().int().nonnegative()).optional(),
    split: z.string().optional(),
    notes: z.string().optional(),
    /**
     * The training images by content (a set; order means nothing). Catalogue
     * image ids (`imageIds` of in-app versions) mean nothing outside the
     * catalogue that gave them; a file's hash is the same everywhere, so any
     * catalogue or labelled folder can leave out what a version trained on
     * when scoring it (registry compare, canting eval).
     */
    imageSha256: z.array(Sha256Hex).optional(),
    /** The images held out for validation, by content, likewise: another catalogue can find them to show the version's mistakes and compare fairly. */
    validationImageSha256: z.array(Sha256Hex).optional(),
    /** The facet's evaluation set when the version trained (never trained on), by content. */
    evaluationImageSha256: z.array(Sha256Hex).optional(),
  })
  .passthrough();
export type TrainingSummary = z.infer<typeof TrainingSummary>;

export const ModelManifest = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    facet: z.string().min(1),
    version: z.string().min(1).max(100),
    labels: z
      .array(z.string().min(1))
      .min(2, 'a model needs at least two labels')
      .refine((l) => new Set(l).size === l.length, 'labels must be unique'),
    backbone: z.string().min(1),
    embeddingDim: z.number().int().positive(),
    preprocessing: z
      .object({
        size: z.number().int().positive(),
        channels: z.literal('rgb'),
        scale: z.literal('0..1'),
        resize: z.string().optional(),
      })
      .passthrough(),
    training: TrainingSummary,
    metrics: Metrics.nullable(),
    createdAt: z.string(),
    /** Fine-tuned versions: where their own top block lies in an exported folder, and what it replaces. */
    backboneTop: z
      .object({ file: z.string(), layer: z.string().optional(), input: z.string().optional(), base: z.string().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type ModelManifest = z.infer<typeof ModelManifest>;

/** Parse a manifest, turning zod's issues into one readable sentence. */
export function parseManifest(value: unknown): ModelManifest {
  const result = ModelManifest.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'manifest'}: ${i.message}`);
  throw new Error(`invalid model manifest — ${problems.join('; ')}`);
}
