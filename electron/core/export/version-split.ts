import type { Database } from 'better-sqlite3';
import type { Facet } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';

/**
 * The train/validation/evaluation assignment a version was trained with, as
 * its manifest records it (by content hash, learn/registry.ts). Replaying the
 * record rather than re-running the split is exact even after validators
 * labelled more images: "what did motif-v3 train on" has one answer.
 */
export interface VersionSplit {
  name: string;
  /** sha256 → side. */
  sides: Map<string, 'train' | 'val' | 'eval'>;
  /** Whether the version recorded its evaluation set (versions trained before it was recorded did not). */
  hasEvaluation: boolean;
}

interface RecordedTraining {
  imageSha256?: unknown;
  validationImageSha256?: unknown;
  evaluationImageSha256?: unknown;
}

const hashes = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function versionSplit(db: Database, facet: Facet, id: number): VersionSplit {
  const row = db.prepare('SELECT facet_id AS facetId, version, manifest FROM models WHERE id = ?').get(id) as { facetId: number; version: string; manifest: string } | undefined;
  if (!row) throw new ApiError('not_found', `No model version with id ${id}`).translated('exportVersionUnknown', { id });
  if (row.facetId !== facet.id) {
    throw new ApiError('invalid_input', `Version ${row.version} (id ${id}) is not a version of facet "${facet.key}"`).translated('exportVersionOtherFacet', { version: row.version, facet: facet.key });
  }
  const training = ((JSON.parse(row.manifest) as { training?: RecordedTraining }).training ?? {}) as RecordedTraining;
  const train = hashes(training.imageSha256);
  if (!train.length) {
    throw new ApiError('invalid_input', `Version ${row.version} records no training images (it was not trained in a catalogue), so its split cannot be exported`).translated(
      'exportVersionNoSplit',
      { version: row.version },
    );
  }
  const sides = new Map<string, 'train' | 'val' | 'eval'>();
  for (const h of hashes(training.evaluationImageSha256)) sides.set(h, 'eval');
  for (const h of hashes(training.validationImageSha256)) sides.set(h, 'val');
  for (const h of train) sides.set(h, 'train');
  return { name: row.version, sides, hasEvaluation: Array.isArray(training.evaluationImageSha256) };
}
