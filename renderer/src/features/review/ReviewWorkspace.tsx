import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../../electron/common/contract/index.js';
import { isTypingTarget, moveFocus } from './keymap.js';
import { NO_SELECTION } from './selection.js';
import { ThumbnailStore } from './thumbnails.js';
import { ReviewGrid } from './ReviewGrid.js';
import { FilterBar } from './FilterBar.js';
import { CountsBar } from './CountsBar.js';
import { BulkBar } from './BulkBar.js';
import { LargeView } from './LargeView.js';
import { ShortcutOverlay } from './ShortcutOverlay.js';
import { ListBanner } from './ListBanner.js';
import { FirstModelBanner } from './FirstModelBanner.js';
import { OverwriteDecidedDialog } from './OverwriteDecidedDialog.js';
import { useGridView } from './useGridView.js';
import { useReviewActions } from './useReviewActions.js';
import { useReviewKeyboard } from './useReviewKeyboard.js';
import { useReviewMessage } from './useReviewMessage.js';
import type { GridList, ReviewApi } from './types.js';
import type { GridView } from './currentView.js';

export { SUGGEST_LIMIT } from './useReviewActions.js';

export interface ReviewWorkspaceProps {
  api: ReviewApi;
  facets: Facet[];
  facet: string;
  /** Bumped by the app when the catalogue changed elsewhere (import, classify…). */
  refreshKey?: number;
  /** Keyboard shortcuts are off while a dialog of the app has the floor. */
  keyboardEnabled?: boolean;
  /** A list to show, handed over by another screen (a new object each time); its facet is `facet`. */
  openList?: GridList | null;
  /** Told whenever the facet or filter changes, so other screens can act on what the grid shows. */
  onViewChange?: (view: GridView) => void;
}

/**
 * The validator's screen: filters, counts, the grid, bulk actions and the large view.
 * Its state lives in hooks beside it: what the grid shows (useGridView), the changes it
 * makes (useReviewActions), its keys (useReviewKeyboard) and its passing message (useReviewMessage).
 */
export function ReviewWorkspace({ api, facets, facet, refreshKey = 0, keyboardEnabled = true, openList = null, onViewChange }: ReviewWorkspaceProps) {
  const { t } = useTranslation();
  const view = useGridView(api, facet, openList, onViewChange);
  const { data, filter, sort, list, changeFilter, setSort, leaveList, focus, setFocus, focused, selection, setSelection, setColumns, largeOpen, setLargeOpen, onCellClick, onCellOpen } = view;
  const { message, say } = useReviewMessage();

  const thumbnails = useMemo(() => new ThumbnailStore((id) => api.thumbnail(id)), [api]);
  useEffect(() => () => thumbnails.dispose(), [thumbnails]);

  const facetInfo = facets.find((f) => f.key === facet);
  const labels = useMemo(() => [...(facetInfo?.labels ?? [])].sort((a, b) => a.position - b.position), [facetInfo]);
  const labelName = useCallback((key: string | null) => (key ? (labels.find((l) => l.key === key)?.name ?? key) : ''), [labels]);

  const { reload } = data;
  useEffect(() => {
    if (refreshKey) void reload();
  }, [refreshKey, reload]);

  const actions = useReviewActions(api, facet, labels, view, say);
  const { decide, undo, pendingBulk, setPendingBulk, run, bulkDecide, undoLast, redoLast, selectAll, suggestNext, suggesting, version } = actions;
  const root = useRef<HTMLElement>(null);
  const { helpOpen, setHelpOpen } = useReviewKeyboard(keyboardEnabled, view, actions, root);

  const bulkCount = selection.ids.size;

  return (
    <section
      ref={root}
      className="review"
      data-testid="review-workspace"
      // Clicked buttons do not take the focus, so Enter/Space go on meaning "validate"/"large view";
      // and a search field typed in earlier lets it go, or the next shortcut (select all in the
      // filter, then 4) would be typed into the search and change the filter under the selection.
      onMouseDown={(e) => {
        if (!(e.target as HTMLElement).closest('button')) return;
        e.preventDefault();
        const active = document.activeElement;
        if (active instanceof HTMLElement && isTypingTarget(active)) active.blur();
      }}
    >
      <FilterBar
        api={api}
        facet={facet}
        labels={labels}
        filter={filter}
        sort={sort}
        onFilter={changeFilter}
        onSort={setSort}
        onSuggest={() => void suggestNext()}
        suggesting={suggesting}
        refreshKey={refreshKey}
      />
      {list && <ListBanner list={list} onBack={leaveList} />}
      <FirstModelBanner api={api} facet={facet} />
      <CountsBar counts={data.counts} labels={labels} filter={filter} onFilter={changeFilter} unavailable={data.error !== null && data.counts === null} />
      <BulkBar
        count={bulkCount}
        labels={labels}
        canUndo={undo.done.length > 0}
        canRedo={undo.undone.length > 0}
        onLabel={(label) => void decide({ action: 'label', label })}
        onValidate={() => void decide({ action: 'validate' })}
        onReject={() => void decide({ action: 'reject' })}
        onSelectAll={() => void selectAll()}
        onClear={() => setSelection(NO_SELECTION)}
        onUndo={() => void undoLast()}
        onRedo={() => void redoLast()}
        onHelp={() => setHelpOpen(true)}
      />
      {data.error && (
        <div role="alert" className="error-banner">
          {t('review.messages.error', { message: data.error })}
        </div>
      )}
      <div className={`review-body ${largeOpen ? 'with-large' : ''}`}>
        <ReviewGrid
          total={data.total}
          item={data.item}
          ensure={data.ensure}
          labelName={labelName}
          thumbnails={thumbnails}
          focusIndex={focus}
          selected={selection.ids}
          onCellClick={onCellClick}
          onCellOpen={onCellOpen}
          onColumnsChange={setColumns}
          failed={data.error !== null}
          showUncertainty={sort === 'uncertainty'}
        />
        {largeOpen && focused && (
          <LargeView
            api={api}
            facet={facet}
            item={focused}
            labels={labels}
            labelName={labelName}
            thumbnails={thumbnails}
            version={version}
            onClose={() => setLargeOpen(false)}
            onPrev={() => setFocus((f) => moveFocus(f, -1, 0, 1, data.total))}
            onNext={() => setFocus((f) => moveFocus(f, 1, 0, 1, data.total))}
            onMessage={say}
          />
        )}
      </div>
      {message && (
        <div className={`toast ${message.error ? 'toast-error' : ''}`} role="status" data-testid="review-message">
          {message.text}
        </div>
      )}
      {helpOpen && <ShortcutOverlay onClose={() => setHelpOpen(false)} />}
      {pendingBulk && (
        <OverwriteDecidedDialog
          decided={pendingBulk.decided}
          total={pendingBulk.ids.length}
          onKeep={() => void run(() => bulkDecide(pendingBulk.decision, pendingBulk.ids, false))}
          onOverwrite={() => void run(() => bulkDecide(pendingBulk.decision, pendingBulk.ids, true))}
          onCancel={() => setPendingBulk(null)}
        />
      )}
    </section>
  );
}
