import type { Database } from 'better-sqlite3';

/** One stored prediction of a head for one image. */
export interface Prediction {
  labelKey: string;
  confidence: number;
  uncertainty: number;
  topk: { label: string; p: number }[];
}

export const TOP_K = 5;

/** Normalised entropy of a probability vector: 0 = certain, 1 = uniform. */
export function normalisedEntropy(p: ArrayLike<number>): number {
  if (p.length < 2) return 0;
  let h = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) h -= p[i] * Math.log(p[i]);
  return Math.min(1, Math.max(0, h / Math.log(p.length)));
}

/** Probabilities in the head's label order → top-1, top-k and uncertainty. */
export function summarise(probs: ArrayLike<number>, labels: readonly string[], k = TOP_K): Prediction {
  const order = labels.map((label, i) => ({ label, p: probs[i] })).sort((a, b) => b.p - a.p);
  const topk = order.slice(0, Math.min(k, order.length)).map((e) => ({ label: e.label, p: Math.round(e.p * 1e6) / 1e6 }));
  return { labelKey: order[0].label, confidence: order[0].p, uncertainty: normalisedEntropy(probs), topk };
}

/**
 * Writes predictions for one model. Re-classifying with the same model
 * replaces its row; a new model version adds rows, so old predictions stay
 * for comparison.
 */
export function predictionWriter(db: Database, facetId: number, modelId: number) {
  const labelIds = new Map(
    (db.prepare('SELECT id, key FROM labels WHERE facet_id = ?').all(facetId) as { id: number; key: string }[]).map((r) => [r.key, r.id]),
  );
  const stmt = db.prepare(
    `INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (image_id, model_id) DO UPDATE SET label_id = excluded.label_id, confidence = excluded.confidence,
       uncertainty = excluded.uncertainty, topk = excluded.topk, created_at = excluded.created_at`,
  );
  return (imageId: number, p: Prediction): void => {
    const labelId = labelIds.get(p.labelKey);
    if (labelId === undefined) throw new Error(`label "${p.labelKey}" is not in the facet`);
    stmt.run(imageId, facetId, modelId, labelId, p.confidence, p.uncertainty, JSON.stringify(p.topk), new Date().toISOString());
  };
}
