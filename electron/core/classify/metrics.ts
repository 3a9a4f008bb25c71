/**
 * Classification metrics over label indices, measured on held-out items:
 * accuracy, per-class precision/recall/F1 and the confusion matrix (perClass
 * keyed by label key, the shape model manifests store). One implementation
 * for folder evaluation, the default model's training and in-app retraining.
 */
export interface EvalMetrics {
  accuracy: number;
  labels: string[];
  /** confusion[i][j]: true label i predicted as j. */
  confusion: number[][];
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

export function computeMetrics(labels: readonly string[], truth: readonly number[], predicted: readonly number[]): EvalMetrics {
  if (truth.length !== predicted.length) throw new Error(`${truth.length} true labels but ${predicted.length} predictions`);
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => confusion[t][predicted[i]]++);
  const correct = confusion.reduce((s, row, i) => s + row[i], 0);
  const perClass: EvalMetrics['perClass'] = {};
  labels.forEach((label, i) => {
    const tp = confusion[i][i];
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((s, row) => s + row[i], 0);
    const precision = predictedAs ? tp / predictedAs : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[label] = { precision: round(precision), recall: round(recall), f1: round(f1), support };
  });
  return { accuracy: truth.length ? round(correct / truth.length) : 0, labels: [...labels], confusion, perClass };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Metrics as Markdown tables (model card, CLI). */
export function metricsMarkdown(m: EvalMetrics): string {
  const lines = [`Accuracy: **${(m.accuracy * 100).toFixed(1)}%**`, '', '| class | precision | recall | F1 | images |', '|---|---|---|---|---|'];
  for (const l of m.labels) {
    const c = m.perClass[l];
    lines.push(`| ${l} | ${c.precision.toFixed(3)} | ${c.recall.toFixed(3)} | ${c.f1.toFixed(3)} | ${c.support} |`);
  }
  lines.push('', `| true ↓ / predicted → | ${m.labels.join(' | ')} |`, `|---|${m.labels.map(() => '---').join('|')}|`);
  m.confusion.forEach((row, i) => lines.push(`| ${m.labels[i]} | ${row.join(' | ')} |`));
  return lines.join('\n');
}
