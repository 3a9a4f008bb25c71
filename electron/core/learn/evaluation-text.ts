import type { ActivationCheck } from './activation-check.js';
import type { FacetEvaluation } from './evaluation.js';
import type { Interval } from '../../common/interval.js';

/** The evaluation set and the activation check in English sentences, for the CLI (the interface words them itself). */

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** "76.0% (95/125, 95% interval 67.8–82.6%)", or "untested" on no images. */
export function scoreText(s: { images: number; correct: number; accuracy: number | null; interval: Interval | null }): string {
  if (!s.images || s.accuracy === null) return 'untested (no image of the evaluation set to measure it on)';
  return `${pct(s.accuracy)} (${s.correct}/${s.images}${s.interval ? `, 95% interval ${pct(s.interval.low)}–${pct(s.interval.high)}` : ''})`;
}

export const EVALUATION_SET_HELP =
  "The evaluation set of a facet is the part of its reviewed images the archive keeps apart: about a fifth of each label's reviewed images " +
  '(at least 3, once a label has 10), chosen by a hash of the photo so near-duplicates stay together and the set only grows as validators label. ' +
  'No training ever uses them, and every version of the facet, shipped ones too, is measured on them, so versions are compared on the same photos. ' +
  "A version's own validation accuracy is measured on its own split and cannot be compared with another version's.";

export function evaluationLines(e: FacetEvaluation): string[] {
  const lines = [
    `Evaluation set of facet ${e.facet}: ${e.images} reviewed image(s) (${Object.entries(e.perLabel).map(([l, n]) => `${l} ${n}`).join(', ')})`,
  ];
  if (!e.images) lines.push(`No label has ${e.rule.from} reviewed images yet, so nothing is kept apart: every version is untested here.`);
  for (const v of e.versions) {
    const notes = [
      v.active ? 'active' : '',
      v.seenInTraining ? `${v.seenInTraining} image(s) it trained on left out` : '',
      v.untracked ? 'did not record its training images: may be optimistic' : '',
    ].filter(Boolean);
    lines.push(`  ${v.version}: ${scoreText(v)}${notes.length ? ` (${notes.join('; ')})` : ''}`);
  }
  return lines;
}

export function activationCheckLines(c: ActivationCheck): string[] {
  const name = (key: string) => c.labelNames[key] ?? key;
  const lines = [`${c.candidate.version} on the evaluation set: ${scoreText(c.evaluation)}`];
  if (c.comparison) {
    const { a, b } = c.comparison;
    lines.push(`On the same ${c.comparison.items} image(s): ${a.version} ${scoreText({ ...a, images: c.comparison.items })}, ${b.version} ${scoreText({ ...b, images: c.comparison.items })} (p = ${c.comparison.pValue})`);
  }
  if (c.shift && c.active) {
    const share = c.shift.images ? Math.round((c.shift.changed / c.shift.images) * 100) : 0;
    const top = c.shift.transitions.slice(0, 5).map((t) => `${name(t.from)}→${name(t.to)} ${t.count}`).join(', ');
    lines.push(`${c.candidate.version} changes ${share}% of unreviewed labels (${c.shift.changed} of ${c.shift.images}) against ${c.active.version}${top ? `: ${top}` : ''}`);
  }
  if (c.warnings.includes('worse')) lines.push(`Warning: ${c.candidate.version} is worse than the active ${c.active?.version} on the evaluation set.`);
  if (c.pipeline) lines.push(`Warning: ${c.candidate.version} needs ${c.pipeline.needs} features, but this catalogue uses ${c.pipeline.catalogue}: once active it cannot classify until you switch back (canting pipeline use) or train a version on ${c.pipeline.catalogue}.`);
  if (c.warnings.includes('untested')) lines.push(`Warning: ${c.candidate.version} is new and untested: the facet has no evaluation image it did not train on.`);
  for (const x of c.imbalance) {
    lines.push(`Warning: ${name(x.label)} is ${pct(x.trainedShare)} of its training labels (${x.trained}) but about ${pct(x.expectedShare)} of the catalogue: it will be under-predicted.`);
  }
  return lines;
}
