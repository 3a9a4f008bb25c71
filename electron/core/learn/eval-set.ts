import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { reviewedItems } from './dataset.js';

/**
 * The evaluation set of a facet: reviewed images the archive keeps apart.
 * No training ever sees them, and every version of the facet (shipped heads
 * too) is measured on them, so versions are compared on the same images.
 *
 * Nothing is stored: membership is derived from a hash of the image's
 * near-duplicate group (its content hash when it has none), so a group
 * stays together, the same photos stay in the set, and the set grows by
 * itself as validators label. Per label (stratified), the groups whose
 * hash falls under EVALUATION_SHARE are set aside, topped up to
 * EVALUATION_MIN images, but only once the label has EVALUATION_FROM reviewed
 * images and never leaving training fewer than `minTrain`: a new facet's
 * first labels all go to its first model.
 */

export const EVALUATION_SHARE = 0.2;
export const EVALUATION_FROM = 10;
export const EVALUATION_MIN = 3;

export interface EvaluationCandidate {
  imageId: number;
  label: string;
  /** Near-duplicate group or content: items with the same key are set aside together. */
  groupKey: string;
}

/** A stable number in [0, 1) for a group: the same photo lands on the same side in every catalogue and every run. */
function groupHash(key: string): number {
  return crypto.createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

/** Which of the items are in the evaluation set (pure; see the module comment). */
export function assignEvaluation(items: readonly EvaluationCandidate[], minTrain: number): Set<number> {
  const groups = new Map<string, EvaluationCandidate[]>();
  for (const it of items) groups.set(it.groupKey, [...(groups.get(it.groupKey) ?? []), it]);
  // A group belongs to its majority label (ties: the first in label order), as the training split does.
  const byLabel = new Map<string, { hash: number; members: EvaluationCandidate[] }[]>();
  for (const [key, members] of groups) {
    const votes = new Map<string, number>();
    for (const m of members) votes.set(m.label, (votes.get(m.label) ?? 0) + 1);
    const label = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    byLabel.set(label, [...(byLabel.get(label) ?? []), { hash: groupHash(key), members }]);
  }
  const out = new Set<number>();
  for (const labelGroups of byLabel.values()) {
    const total = labelGroups.reduce((n, g) => n + g.members.length, 0);
    if (total < EVALUATION_FROM) continue;
    let taken = 0;
    for (const g of labelGroups.sort((a, b) => a.hash - b.hash)) {
      if (g.hash >= EVALUATION_SHARE && taken >= EVALUATION_MIN) break;
      if (total - taken - g.members.length < minTrain) break;
      for (const m of g.members) out.add(m.imageId);
      taken += g.members.length;
    }
  }
  return out;
}

/** The facet's evaluation set now: image id → its reviewed label. */
export function evaluationSet(db: Database, facetId: number, minTrain: number): Map<number, string> {
  const items = reviewedItems(db, facetId).filter((it) => it.labelActive);
  const ids = assignEvaluation(
    items.map((it) => ({ imageId: it.imageId, label: it.labelKey, groupKey: it.dupGroup !== null ? `group:${it.dupGroupSha256 ?? it.dupGroup}` : `image:${it.sha256}` })),
    minTrain,
  );
  return new Map(items.filter((it) => ids.has(it.imageId)).map((it) => [it.imageId, it.labelKey]));
}
