import type { TFunction } from 'i18next';
import { scoreOf, type Interval } from '../../../../electron/common/interval.js';
import type { Comparison, ModelVersion } from '../../../../electron/common/contract/learn.js';
import { percentText } from '../../i18n/numbers.js';

/** Accuracy figures as the Models panel shows them: always with how many images and a 95 % interval, in the interface's number format. */

export const pct = (x: number | null | undefined, language: string) => percentText(x, language);

export interface Score {
  accuracy: number | null;
  correct: number;
  images: number;
  interval: Interval | null;
}

/** "76.0% · 95/125 · 95% interval 67.8%–82.6%"; "—" on no images. */
export function scoreText(t: TFunction, s: Score, language: string): string {
  if (!s.images || s.accuracy === null || !s.interval) return '—';
  const p = (x: number) => pct(x, language);
  return t('learn.score', { acc: p(s.accuracy), correct: s.correct, n: s.images, low: p(s.interval.low), high: p(s.interval.high) });
}

/** A version's accuracy on its own validation split, with its size where the version recorded it. */
export const ownSplitScore = (v: ModelVersion): Score | null => scoreOf(v.accuracy, v.metrics?.validationImages);

/** The two sides of a comparison as translation parameters: items, a, scoreA, b, scoreB. */
export function comparedScores(t: TFunction, c: Comparison, language: string) {
  return {
    items: c.items,
    a: c.a.version,
    scoreA: scoreText(t, { ...c.a, images: c.items }, language),
    b: c.b.version,
    scoreB: scoreText(t, { ...c.b, images: c.items }, language),
  };
}
