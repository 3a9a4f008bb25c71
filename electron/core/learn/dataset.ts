import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { getFacet } from '../catalogue/facets.js';
import { getEmbeddings } from '../classify/embeddings.js';
import type { Facet } from '../../common/contract/index.js';
import type { TrainingExample } from './train.js';

/**
 * What a facet can be trained on: the images validators corrected or
 * validated (never bare predictions — a model must not learn from itself),
 * with their cached view-0 embeddings and near-duplicate groups. Items whose
 * label has since been removed from the facet, or whose embedding is not
 * computed yet, are left out and counted, so messages can say so.
 */

export interface ReviewedItem {
  imageId: number;
  labelKey: string;
  validator: string | null;
  updatedAt: string;
  dupGroup: number | null;
  /** Content hashes of the image and of its near-duplicate group's first image (null without a group): the same in any catalogue. */
  sha256: string;
  dupGroupSha256: string | null;
}

export interface TrainingSet {
  facet: Facet;
  /** Active label keys of the facet, in facet order (the head's output order). */
  labels: string[];
  imageIds: number[];
  /** The evaluation set's images left out (recorded with the version, so its split can be exported). */
  evaluationImageIds: number[];
  examples: TrainingExample[];
  summary: {
    perLabel: Record<string, number>;
    validators: { name: string; count: number }[];
    dateRange: { from: string; to: string } | null;
    /** Reviewed items whose label is no longer in the facet, per removed label. */
    removedLabels: { label: string; count: number }[];
    /** Reviewed items with no cached embedding (not classified yet). */
    withoutEmbedding: number;
    /** Reviewed items left out because they are the facet's evaluation set (eval-set.ts). */
    evaluation: number;
  };
}

export function reviewedItems(db: Database, facetId: number): (ReviewedItem & { labelActive: boolean })[] {
  return (
    db
      .prepare(
        `SELECT r.image_id AS imageId, l.key AS labelKey, l.active AS labelActive, r.validator, coalesce(r.decided_at, r.updated_at) AS updatedAt, i.dup_group AS dupGroup,
                i.sha256, g.sha256 AS dupGroupSha256
         FROM reviews r
         JOIN labels l ON l.id = r.label_id
         JOIN images i ON i.id = r.image_id
         LEFT JOIN images g ON g.id = i.dup_group
         WHERE r.facet_id = ? AND r.status IN ('corrected', 'validated') AND i.superseded_by IS NULL
         ORDER BY r.image_id`,
      )
      .all(facetId) as (ReviewedItem & { labelActive: number })[]
  ).map((r) => ({ ...r, labelActive: r.labelActive === 1 }));
}

/** `evaluation`: the facet's evaluation set, left out (training); absent, every reviewed item is in (suspects, suggestions). */
export function loadTrainingSet(db: Database, facetKey: string, backbone: string, opts: { evaluation?: ReadonlyMap<number, string> } = {}): TrainingSet {
  const facet = getFacet(db, facetKey);
  const labels = facet.labels.map((l) => l.key);
  const all = reviewedItems(db, facet.id);
  const items = opts.evaluation ? all.filter((it) => !opts.evaluation!.has(it.imageId)) : all;
  const removed = new Map<string, number>();
  for (const it of items) if (!it.labelActive) removed.set(it.labelKey, (removed.get(it.labelKey) ?? 0) + 1);
  const usable = items.filter((it) => it.labelActive && labels.includes(it.labelKey));
  const vectors = getEmbeddings(db, usable.map((it) => it.imageId), backbone, 0);
  const kept = usable.filter((it) => vectors.has(it.imageId));
  const validators = new Map<string, number>();
  for (const it of kept) validators.set(it.validator ?? '(unknown)', (validators.get(it.validator ?? '(unknown)') ?? 0) + 1);
  const dates = kept.map((it) => it.updatedAt).sort();
  return {
    facet,
    labels,
    imageIds: kept.map((it) => it.imageId),
    evaluationImageIds: opts.evaluation ? all.filter((it) => opts.evaluation!.has(it.imageId)).map((it) => it.imageId) : [],
    examples: kept.map((it) => ({ vector: vectors.get(it.imageId)!, label: labels.indexOf(it.labelKey), group: it.dupGroup })),
    summary: {
      perLabel: Object.fromEntries(labels.map((l) => [l, kept.filter((it) => it.labelKey === l).length])),
      validators: [...validators.entries()].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
      dateRange: dates.length ? { from: dates[0], to: dates[dates.length - 1] } : null,
      removedLabels: [...removed.entries()].map(([label, count]) => ({ label, count })),
      withoutEmbedding: usable.length - kept.length,
      evaluation: all.length - items.length,
    },
  };
}

/**
 * Refuse a set that cannot train a head, saying exactly what is missing:
 * labels short of the minimum (with how many are still unclassified) and
 * examples whose label was removed from the facet.
 */
export function checkTrainingSet(set: TrainingSet, minPerLabel: number): void {
  const { perLabel, removedLabels, withoutEmbedding } = set.summary;
  const notes: string[] = [];
  if (removedLabels.length) {
    notes.push(
      `${removedLabels.map((r) => `${r.count} reviewed image(s) labelled "${r.label}"`).join(', ')} are left out because that label was removed from facet "${set.facet.key}"`,
    );
  }
  if (withoutEmbedding) notes.push(`${withoutEmbedding} reviewed image(s) have no embedding yet — classify facet "${set.facet.key}" first to include them`);
  if (set.summary.evaluation) notes.push(`${set.summary.evaluation} reviewed image(s) are kept apart as the evaluation set, never trained on`);
  const suffix = notes.length ? ` Note: ${notes.join('; ')}.` : '';
  const withData = set.labels.filter((l) => perLabel[l] > 0);
  if (withData.length < 2) {
    const have = withData.length ? `only "${withData[0]}" has reviewed examples` : 'no label has reviewed (corrected or validated) examples';
    throw new ApiError('invalid_input', `Cannot train facet "${set.facet.key}": training needs at least two labels, but ${have}.${suffix}`).translated(
      withData.length ? 'trainOneLabel' : 'trainNoLabel',
      { label: withData[0] ?? '' },
    );
  }
  const short = set.labels.filter((l) => perLabel[l] < minPerLabel);
  if (short.length) {
    const list = short.map((l) => `"${l}" has ${perLabel[l]} (needs ${minPerLabel - perLabel[l]} more)`).join(', ');
    throw new ApiError('invalid_input', `Cannot train facet "${set.facet.key}": every label needs at least ${minPerLabel} reviewed examples; ${list}.${suffix}`).translated('trainTooFew', {
      min: minPerLabel,
      list: short.map((l) => `${l} ${perLabel[l]}/${minPerLabel}`).join(', '),
    });
  }
}
