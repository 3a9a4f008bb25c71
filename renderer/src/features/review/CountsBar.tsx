import { useTranslation } from 'react-i18next';
import type { Label } from '../../../../electron/common/contract/index.js';
import { STATUSES, type GridCounts, type GridFilter, type ReviewStatus } from './types.js';

export interface CountsBarProps {
  counts: GridCounts | null;
  labels: Label[];
  filter: GridFilter;
  onFilter(f: GridFilter): void;
  /** The query for this filter failed: no numbers are known (rather than 0 or the previous filter's). */
  unavailable?: boolean;
}

/** Counts per label and per status for the current filter; a click narrows the filter to that count. */
export function CountsBar({ counts, labels, filter, onFilter, unavailable = false }: CountsBarProps) {
  const { t } = useTranslation();
  const n = (value: number | undefined) => (unavailable ? '–' : (value ?? 0));
  const toggleLabel = (key: string) => onFilter({ ...filter, labels: filter.labels[0] === key ? [] : [key] });
  const toggleStatus = (s: ReviewStatus) => onFilter({ ...filter, statuses: filter.statuses[0] === s ? [] : [s] });
  return (
    <div className="counts-bar" data-testid="counts-bar">
      <strong data-testid="count-total">{unavailable ? t('review.counts.unavailable') : t('review.counts.total', { count: counts?.total ?? 0 })}</strong>
      <span className="counts-group" aria-label={t('review.counts.byStatus')}>
        {STATUSES.map((s) => (
          <button
            type="button"
            key={s}
            className={`count-chip status-${s} ${filter.statuses[0] === s ? 'active' : ''}`}
            data-testid={`count-status-${s}`}
            onClick={() => toggleStatus(s)}
          >
            <span className="status-mark" aria-hidden="true" />
            {t(`review.status.${s}`)} <b>{n(counts?.byStatus[s])}</b>
          </button>
        ))}
      </span>
      <span className="counts-group" aria-label={t('review.counts.byLabel')}>
        {labels.map((l, i) => (
          <button
            type="button"
            key={l.key}
            className={`count-chip label-count ${filter.labels[0] === l.key ? 'active' : ''}`}
            data-testid={`count-label-${l.key}`}
            onClick={() => toggleLabel(l.key)}
          >
            <kbd>{i + 1}</kbd> {l.name} <b>{n(counts?.byLabel[l.key])}</b>
          </button>
        ))}
        {(counts?.noLabel ?? 0) > 0 && (
          <span className="count-chip" data-testid="count-no-label">
            {t('review.cell.noLabel')} <b>{counts?.noLabel}</b>
          </span>
        )}
      </span>
    </div>
  );
}
