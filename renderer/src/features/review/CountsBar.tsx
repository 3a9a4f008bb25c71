import { useTranslation } from 'react-i18next';
import type { Label } from '../../../../electron/common/contract/index.js';
import { STATUSES, type GridCounts, type GridFilter, type ReviewStatus } from './types.js';

export interface CountsBarProps {
  counts: GridCounts | null;
  labels: Label[];
  filter: GridFilter;
  onFilter(f: GridFilter): void;
}

/** Counts per label and per status for the current filter; a click narrows the filter to that count. */
export function CountsBar({ counts, labels, filter, onFilter }: CountsBarProps) {
  const { t } = useTranslation();
  const toggleLabel = (key: string) => onFilter({ ...filter, labels: filter.labels[0] === key ? [] : [key] });
  const toggleStatus = (s: ReviewStatus) => onFilter({ ...filter, statuses: filter.statuses[0] === s ? [] : [s] });
  return (
    <div className="counts-bar" data-testid="counts-bar">
      <strong data-testid="count-total">{t('review.counts.total', { count: counts?.total ?? 0 })}</strong>
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
            {t(`review.status.${s}`)} <b>{counts?.byStatus[s] ?? 0}</b>
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
            <kbd>{i + 1}</kbd> {l.name} <b>{counts?.byLabel[l.key] ?? 0}</b>
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
