import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GridItem } from './types.js';
import type { ThumbnailStore } from './thumbnails.js';
import { Thumbnail } from './Thumbnail.js';

export interface GridCellProps {
  index: number;
  item: GridItem | undefined;
  labelName(key: string | null): string;
  thumbnails: ThumbnailStore;
  focused: boolean;
  selected: boolean;
  onClick(e: MouseEvent): void;
  onDoubleClick(): void;
  /** Sorted by uncertainty: show it, since the card's percentage (top-1 probability) does not follow that order. */
  showUncertainty?: boolean;
  /** Width in px, spread by the grid over its columns (absent: the stylesheet's). */
  width?: number;
}

export function formatConfidence(c: number | null): string {
  return c === null ? '' : `${Math.round(c * 100)}%`;
}

/** One grid cell: thumbnail, the facet's current label styled by status, confidence and flags. */
export function GridCell({ index, item, labelName, thumbnails, focused, selected, onClick, onDoubleClick, showUncertainty = false, width }: GridCellProps) {
  const { t } = useTranslation();
  const style = width === undefined ? undefined : { width };
  const cls = ['cell', focused && 'focused', selected && 'selected', item && `status-${item.status}`].filter(Boolean).join(' ');
  if (!item) {
    return <div className={cls} style={style} role="gridcell" data-index={index} aria-busy="true" />;
  }
  const shownLabel = item.status === 'rejected' ? t('review.status.rejected') : item.label ? (item.labelName ?? labelName(item.label)) : t('review.cell.noLabel');
  return (
    <div
      className={cls}
      style={style}
      role="gridcell"
      data-index={index}
      data-id={item.id}
      data-status={item.status}
      data-testid="grid-cell"
      aria-selected={selected}
      aria-current={focused ? 'true' : undefined}
      title={item.fileName}
      onClick={onClick}
      onDoubleClick={onDoubleClick}
    >
      <div className="cell-image">
        {item.missing ? (
          <div className="thumb thumb-missing" data-testid="missing-file">
            <strong>{t('review.cell.missing')}</strong>
            <span>{t('review.cell.relinkHint')}</span>
          </div>
        ) : item.hasThumbnail ? (
          <Thumbnail id={item.id} store={thumbnails} alt={item.fileName} />
        ) : (
          <div className="thumb thumb-failed">{t('review.cell.noThumbnail')}</div>
        )}
        <div className="cell-flags">
          {item.dupGroup !== null && (
            <span className="flag flag-dup" title={t('review.cell.duplicateTitle', { group: item.dupGroup })}>
              {t('review.cell.duplicate')}
            </span>
          )}
          {item.hint && (
            <span
              className={`flag flag-hint ${item.hintConflict ? 'conflict' : ''}`}
              title={[t('review.cell.hintTitle', { label: labelName(item.hint) }), item.hintConflict ? t('review.cell.hintConflict') : ''].join(' ').trim()}
            >
              {t('review.cell.hint', { label: labelName(item.hint) })}
            </span>
          )}
        </div>
        {showUncertainty && item.uncertainty !== null && (
          <span
            className="cell-uncertainty"
            data-testid="cell-uncertainty"
            title={t('review.cell.uncertaintyTitle', { value: formatConfidence(item.uncertainty), confidence: formatConfidence(item.confidence) })}
          >
            {t('review.cell.uncertainty', { value: formatConfidence(item.uncertainty) })}
          </span>
        )}
      </div>
      <div className="cell-caption">
        <span className={`label-chip status-${item.status}`} data-testid="cell-label" title={shownLabel}>
          <span className="status-mark" aria-hidden="true" />
          {/* its own box: a flex item can end in an ellipsis, the chip's bare text cannot */}
          <span className="label-text">{shownLabel}</span>
        </span>
        {/* the shown label's own probability: a corrected card does not borrow the top prediction's */}
        <span className="confidence" data-testid="cell-confidence">
          {formatConfidence(item.labelConfidence)}
        </span>
      </div>
      <div className="cell-meta">
        <span className="status-text">{t(`review.status.${item.status}`)}</span>
        <span className="file-name">{item.fileName}</span>
      </div>
    </div>
  );
}
