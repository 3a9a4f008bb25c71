import { useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { GridItem } from './types.js';
import type { ThumbnailStore } from './thumbnails.js';
import { GridCell } from './GridCell.js';

export const CELL_WIDTH = 168;
export const CELL_HEIGHT = 212;
/** .grid-row's horizontal padding and .cell's horizontal margin together (styles.css). */
const ROW_PADDING = 8;
const CELL_MARGIN = 8;

export interface ReviewGridProps {
  total: number;
  item(index: number): GridItem | undefined;
  ensure(start: number, end: number): void;
  labelName(key: string | null): string;
  thumbnails: ThumbnailStore;
  focusIndex: number;
  selected: ReadonlySet<number>;
  onCellClick(index: number, item: GridItem | undefined, e: MouseEvent): void;
  onCellOpen(index: number): void;
  onColumnsChange(columns: number): void;
  /** The query failed: the error is shown above, and "no images match" would be untrue. */
  failed?: boolean;
  /** Each cell shows its uncertainty (the grid is sorted by it). */
  showUncertainty?: boolean;
}

/**
 * The virtualised thumbnail grid: rows are virtualised, so only the rows in
 * (and just around) the viewport exist in the DOM, whatever the total.
 */
export function ReviewGrid(props: ReviewGridProps) {
  const { total, item, ensure, focusIndex, onColumnsChange } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setWidth(el.clientWidth || el.offsetWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || el.offsetWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor(width / CELL_WIDTH));
  // The width left over by whole columns goes to the cells (each grows by
  // less than one cell's width), so no empty strip stays on the right; the
  // number of columns, and so every index ↔ row/column step, is unchanged.
  const cellWidth = width > 0 ? Math.floor((width - ROW_PADDING) / columns) - CELL_MARGIN : undefined;
  useEffect(() => onColumnsChange(columns), [columns, onColumnsChange]);
  const rows = Math.ceil(total / columns);

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CELL_HEIGHT,
    overscan: 2,
  });
  const virtualRows = virtualizer.getVirtualItems();

  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total > 0) ensure(firstRow * columns, (lastRow + 1) * columns - 1);
  }, [ensure, firstRow, lastRow, columns, total]);

  // Keep the keyboard focus on screen.
  useEffect(() => {
    if (total > 0) virtualizer.scrollToIndex(Math.floor(focusIndex / columns), { align: 'auto' });
  }, [focusIndex, columns, total, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="grid-scroll"
      data-testid="review-grid"
      role="grid"
      aria-label={t('review.grid.label')}
      aria-rowcount={rows}
    >
      {total === 0 ? (
        props.failed ? null : <p className="grid-empty">{t('review.grid.empty')}</p>
      ) : (
        <div className="grid-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((row) => (
            <div
              key={row.key}
              role="row"
              aria-rowindex={row.index + 1}
              className="grid-row"
              style={{ transform: `translateY(${row.start}px)`, height: CELL_HEIGHT }}
            >
              {Array.from({ length: columns }, (_, c) => {
                const index = row.index * columns + c;
                if (index >= total) return null;
                const it = item(index);
                return (
                  <GridCell
                    key={it ? `i${it.id}` : `p${index}`}
                    index={index}
                    item={it}
                    labelName={props.labelName}
                    thumbnails={props.thumbnails}
                    focused={index === focusIndex}
                    selected={it ? props.selected.has(it.id) : false}
                    onClick={(e) => props.onCellClick(index, it, e)}
                    onDoubleClick={() => props.onCellOpen(index)}
                    showUncertainty={props.showUncertainty}
                    width={cellWidth}
                  />
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
