import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comparison, ModelVersion } from '../../../../electron/common/contract/index.js';
import { useClient } from '../../api/context.js';
import { useOpenInGrid } from '../review/openInGrid.js';
import { numberText } from '../../i18n/numbers.js';
import { comparedScores } from './score.js';
import { Thumb } from './Thumb.js';

interface Props {
  facet: string;
  versions: ModelVersion[];
  /** A refusal to show; null clears the last one (a new action). */
  onError(err: unknown): void;
}

/**
 * Two versions of a facet on the same images: their scores, whether the
 * difference could be chance, their confusion matrices, and the images they
 * disagree on (listed, and opened in the review grid).
 */
export function CompareVersions({ facet, versions, onError }: Props) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const [compareA, setCompareA] = useState<number | null>(null);
  const [compareB, setCompareB] = useState<number | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const openInGrid = useOpenInGrid();
  const labelName = (key: string) => comparison?.labelNames[key] ?? key;
  // Two versions may read different pipelines' features: each is scored on its own.
  const pipelineOf = (id: number) => versions.find((v) => v.id === id)?.pipeline?.name ?? null;

  const compare = async () => {
    if (compareA === null || compareB === null) return;
    onError(null);
    try {
      setComparison(await client.call('registry.compare', { a: compareA, b: compareB }));
    } catch (err) {
      onError(err);
    }
  };

  return (
    <div className="learn-compare">
      <h4>{t('learn.compare.title')}</h4>
      {[
        [compareA, setCompareA, 'a'],
        [compareB, setCompareB, 'b'],
      ].map(([value, set, key]) => (
        <select
          key={key as string}
          value={(value as number | null) ?? ''}
          onChange={(e) => (set as (n: number | null) => void)(e.target.value ? Number(e.target.value) : null)}
          data-testid={`learn-compare-${key as string}`}
        >
          <option value="">{t('learn.compare.pick')}</option>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.pipeline ? `${v.version} · ${v.pipeline.name}` : v.version}
              {v.runnable && v.pipeline && !v.pipelineIsCurrent ? ` (${t('pipelineSwitch.versionNeeds', { name: v.pipeline.name })})` : ''}
            </option>
          ))}
        </select>
      ))}
      <button type="button" onClick={() => void compare()} disabled={compareA === null || compareB === null || compareA === compareB} data-testid="learn-compare">
        {t('learn.compare.run')}
      </button>
      {comparison && (
        <div data-testid="learn-comparison">
          <p>{t('learn.compare.summary', { ...comparedScores(t, comparison, i18n.language), disagree: comparison.disagreements.length })}</p>
          <p className="learn-hint" data-testid="learn-compare-basis">
            {t(`learn.compare.basis.${comparison.basis}`)}
            {comparison.untracked.length > 0 && ` ${t('learn.compare.untracked', { versions: comparison.untracked.join(', '), count: comparison.untracked.length })}`}
          </p>
          <p className="learn-hint" data-testid="learn-compare-chance">
            {t(comparison.pValue < 0.05 ? 'learn.compare.chanceUnlikely' : 'learn.compare.chanceLikely', {
              onlyA: comparison.onlyA,
              onlyB: comparison.onlyB,
              a: comparison.a.version,
              b: comparison.b.version,
              p: comparison.pValue < 0.001 ? `< ${numberText(0.001, i18n.language, 3)}` : numberText(comparison.pValue, i18n.language, 3),
            })}
          </p>
          <div className="learn-confusions">
            {[comparison.a, comparison.b].map((side) => (
              <table key={side.id} className="learn-confusion">
                <caption>
                  {side.version}
                  {pipelineOf(side.id) && ` · ${pipelineOf(side.id)}`}
                </caption>
                <thead>
                  <tr>
                    <th>{t('learn.compare.trueVsPredicted')}</th>
                    {comparison.labels.map((l) => (
                      <th key={l}>{labelName(l)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {side.confusion.map((row, i) => (
                    <tr key={comparison.labels[i]}>
                      <th>{labelName(comparison.labels[i])}</th>
                      {row.map((n, j) => (
                        <td key={j} className={i === j ? 'diag' : ''}>
                          {n}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
          {comparison.disagreements.length > 0 && openInGrid && (
            <button
              type="button"
              data-testid="learn-disagreements-open"
              onClick={() =>
                openInGrid({
                  kind: 'disagreements',
                  facet,
                  // the grid's id filter takes at most 5,000
                  ids: comparison.disagreements.slice(0, 5000).map((d) => d.imageId),
                  detail: { a: comparison.a.version, b: comparison.b.version },
                })
              }
            >
              {t('learn.compare.openInGrid')}
            </button>
          )}
          {comparison.disagreements.length > 0 && (
            <ul className="learn-thumbs learn-disagreements" data-testid="learn-disagreements">
              {comparison.disagreements.slice(0, 50).map((d) => (
                <li key={d.imageId}>
                  <Thumb id={d.imageId} alt={labelName(d.truth)} />
                  {t('learn.compare.item', { truth: labelName(d.truth), a: labelName(d.a), b: labelName(d.b) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
