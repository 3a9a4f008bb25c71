import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../../electron/common/contract/index.js';
import { commandForKey, isTypingTarget, moveFocus, type ReviewCommand } from './keymap.js';
import { EMPTY_UNDO, afterRedo, afterUndo, peekRedo, peekUndo, pushBatch, type UndoState } from './undoStack.js';
import { clickSelection, NO_SELECTION, type SelectionState } from './selection.js';
import { ThumbnailStore } from './thumbnails.js';
import { useGridData } from './useGridData.js';
import { ReviewGrid } from './ReviewGrid.js';
import { FilterBar } from './FilterBar.js';
import { CountsBar } from './CountsBar.js';
import { BulkBar } from './BulkBar.js';
import { LargeView } from './LargeView.js';
import { ShortcutOverlay } from './ShortcutOverlay.js';
import { ListBanner } from './ListBanner.js';
import { FirstModelBanner } from './FirstModelBanner.js';
import { OverwriteDecidedDialog } from './OverwriteDecidedDialog.js';
import { EMPTY_FILTER, type Decision, type GridFilter, type GridItem, type GridList, type GridSort, type ReviewApi } from './types.js';
import type { GridView } from './currentView.js';

/** How many "suggested next" images the grid asks for at a time. */
export const SUGGEST_LIMIT = 100;

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

/** The validator's screen: filters, counts, the grid, bulk actions and the large view. */
export function ReviewWorkspace({ api, facets, facet, refreshKey = 0, keyboardEnabled = true, openList = null, onViewChange }: ReviewWorkspaceProps) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<GridFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<GridSort>('uncertainty');
  // A list shown instead of the whole catalogue, and the view to go back to.
  const [list, setList] = useState<GridList | null>(null);
  const [beforeList, setBeforeList] = useState<{ filter: GridFilter; sort: GridSort } | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const data = useGridData(api, facet, filter, sort);
  useEffect(() => onViewChange?.({ facet, filter }), [onViewChange, facet, filter]);
  const [focus, setFocus] = useState(0);
  const [columns, setColumns] = useState(1);
  const [selection, setSelection] = useState<SelectionState>(NO_SELECTION);
  const [undo, setUndo] = useState<UndoState>(EMPTY_UNDO);
  const [largeOpen, setLargeOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  // A bulk action waiting for the validator's answer: it would replace decisions people made.
  const [pendingBulk, setPendingBulk] = useState<{ decision: Decision; ids: number[]; decided: number } | null>(null);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [version, setVersion] = useState(0);
  // Another facet has another vocabulary: its label filter starts empty. The undo stack stays (batches know their facet).
  const [shownFacet, setShownFacet] = useState(facet);
  const facetChanged = shownFacet !== facet;
  if (facetChanged) {
    setShownFacet(facet);
    setFilter(EMPTY_FILTER);
    setSort((s) => (s === 'given' ? 'uncertainty' : s));
    setList(null);
    setBeforeList(null);
    setLargeOpen(false);
  }
  /** Show a list in its own order; the current view is kept for "back". */
  const enterList = (next: GridList) => {
    if (facetChanged) setBeforeList({ filter: EMPTY_FILTER, sort: sort === 'given' ? 'uncertainty' : sort });
    else if (!list) setBeforeList({ filter, sort });
    setList(next);
    setFilter({ ...EMPTY_FILTER, ids: next.ids });
    setSort('given');
    setLargeOpen(false);
  };
  const leaveList = () => {
    setFilter(beforeList?.filter ?? EMPTY_FILTER);
    setSort(beforeList?.sort ?? 'uncertainty');
    setList(null);
    setBeforeList(null);
  };
  // After the facet check above: a list handed over with a facet switch survives it.
  const [seenOpenList, setSeenOpenList] = useState<GridList | null>(null);
  if (openList !== seenOpenList) {
    setSeenOpenList(openList);
    if (openList && openList.facet === facet) enterList(openList);
  }
  // Inside a list, filters narrow the list ("clear filters" too keeps it); only "back" leaves it.
  const changeFilter = useCallback((f: GridFilter) => setFilter({ ...f, ids: list ? list.ids : null }), [list]);
  const busy = useRef(false);

  const thumbnails = useMemo(() => new ThumbnailStore((id) => api.thumbnail(id)), [api]);
  useEffect(() => () => thumbnails.dispose(), [thumbnails]);

  const facetInfo = facets.find((f) => f.key === facet);
  const labels = useMemo(() => [...(facetInfo?.labels ?? [])].sort((a, b) => a.position - b.position), [facetInfo]);
  const labelName = useCallback((key: string | null) => (key ? (labels.find((l) => l.key === key)?.name ?? key) : ''), [labels]);

  // A new facet, filter or sort: start at the top with nothing selected.
  useEffect(() => {
    setFocus(0);
    setSelection(NO_SELECTION);
  }, [facet, filter, sort]);

  const { reload } = data;
  useEffect(() => {
    if (refreshKey) void reload();
  }, [refreshKey, reload]);

  const say = useCallback((text: string, error = false) => setMessage({ text, error }), []);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(null), 4000);
    return () => clearTimeout(timer);
  }, [message]);

  const focused = data.item(focus);

  /** Run a catalogue change, then refresh what is on screen. One at a time, so keys cannot race. */
  const run = useCallback(
    async (work: () => Promise<void>) => {
      if (busy.current) return;
      busy.current = true;
      try {
        await work();
      } catch (err) {
        say(t('review.messages.error', { message: (err as Error).message }), true);
      } finally {
        busy.current = false;
      }
    },
    [say, t],
  );

  /** A bulk action over the selection, one undo step; decisions people made are replaced only when `overwriteDecided`. */
  const bulkDecide = useCallback(
    async (decision: Decision, ids: number[], overwriteDecided: boolean) => {
      setPendingBulk(null);
      const outcome = await api.decide(facet, ids, decision, undefined, { overwriteDecided });
      if (outcome.batchId) setUndo((u) => pushBatch(u, outcome.batchId!));
      await data.reload();
      setVersion((v) => v + 1);
      setSelection(NO_SELECTION);
      const done = t('review.messages.decided', { count: outcome.changed });
      say(outcome.skippedDecided ? `${done}. ${t('review.protect.kept', { count: outcome.skippedDecided })}` : done);
    },
    [api, facet, data, say, t],
  );

  const decide = useCallback(
    (decision: Decision) =>
      run(async () => {
        if (selection.ids.size > 0) {
          const ids = [...selection.ids];
          // Ask first when the action would replace decisions people made (counted without writing anything).
          const preview = await api.decide(facet, ids, decision, undefined, { dryRun: true });
          if (preview.skippedDecided > 0) setPendingBulk({ decision, ids, decided: preview.skippedDecided });
          else await bulkDecide(decision, ids, false);
          return;
        }
        if (!focused) return;
        const index = focus;
        // Revisions this screen showed, so edits made meanwhile in another window are reported.
        const seen: Record<string, number> = { [focused.id]: focused.revision };
        // One image, looked at and decided on: a decision made before is replaced, as the validator asked.
        const outcome = await api.decide(facet, [focused.id], decision, seen, { overwriteDecided: true });
        const batchId = outcome.batchId;
        if (batchId) setUndo((u) => pushBatch(u, batchId));
        // The stored state where the answer has it: under layered validation a decision may leave the image awaiting or disputed.
        const stored = outcome.items?.find((i) => i.id === focused.id);
        data.patch(focused.id, stored ? { status: stored.status, label: stored.label } : optimistic(decision, focused));
        await data.reload();
        setVersion((v) => v + 1);
        if (outcome.overwritten.length) {
          const by = outcome.overwritten.map((o) => o.by ?? '?').join(', ');
          say(t('review.messages.overwritten', { count: outcome.overwritten.length, by }), true);
        }
        // The next item is either right after (the item stayed in the filter) or has slid into its place.
        const stayed = data.item(index)?.id === focused.id;
        setFocus(Math.min(stayed ? index + 1 : index, Math.max(0, data.total - 1)));
      }),
    [run, selection, focused, focus, api, facet, data, say, t, bulkDecide],
  );

  const undoLast = useCallback(
    () =>
      run(async () => {
        const batch = peekUndo(undo);
        if (!batch) return say(t('review.messages.nothingToUndo'));
        const outcome = await api.undo(batch);
        setUndo(afterUndo);
        await data.reload();
        setVersion((v) => v + 1);
        say(outcome.skipped ? t('review.messages.undoneSkipped', { count: outcome.skipped }) : t('review.messages.undone'), outcome.skipped > 0);
      }),
    [run, undo, api, data, say, t],
  );

  const redoLast = useCallback(
    () =>
      run(async () => {
        const batch = peekRedo(undo);
        if (!batch) return say(t('review.messages.nothingToRedo'));
        const outcome = await api.redo(batch);
        setUndo(afterRedo);
        await data.reload();
        setVersion((v) => v + 1);
        say(outcome.skipped ? t('review.messages.undoneSkipped', { count: outcome.skipped }) : t('review.messages.redone'), outcome.skipped > 0);
      }),
    [run, undo, api, data, say, t],
  );

  const selectAll = useCallback(
    () =>
      run(async () => {
        const ids = await api.ids(facet, filter, sort);
        setSelection({ ids: new Set(ids), anchor: focus });
      }),
    [run, api, facet, filter, sort, focus],
  );

  const setLabelAt = useCallback(
    (position: number) => {
      const label = labels[position - 1];
      if (!label) return say(t('review.messages.noLabelAt', { position }), true);
      void decide({ action: 'label', label: label.key });
    },
    [labels, decide, say, t],
  );

  const execute = useCallback(
    (cmd: ReviewCommand) => {
      switch (cmd.kind) {
        case 'move':
          // In the large view every arrow steps through the list one image at a time.
          return setFocus((f) =>
            largeOpen ? moveFocus(f, cmd.dx + cmd.dy, 0, 1, data.total) : moveFocus(f, cmd.dx, cmd.dy, columns, data.total),
          );
        case 'setLabel':
          return setLabelAt(cmd.position);
        case 'validate':
          return void decide({ action: 'validate' });
        case 'reject':
          return void decide({ action: 'reject' });
        case 'toggleLarge':
          return setLargeOpen((o) => !o && data.total > 0);
        case 'close':
          if (pendingBulk) return setPendingBulk(null);
          if (helpOpen) return setHelpOpen(false);
          if (largeOpen) return setLargeOpen(false);
          return setSelection(NO_SELECTION);
        case 'undo':
          return void undoLast();
        case 'redo':
          return void redoLast();
        case 'help':
          return setHelpOpen((o) => !o);
        case 'selectAll':
          return void selectAll();
        case 'toggleSelect':
          if (!focused) return;
          return setSelection((s) => clickSelection(s, focus, focused.id, { shift: false, toggle: true }, () => []));
      }
    },
    [columns, data.total, largeOpen, helpOpen, pendingBulk, setLabelAt, decide, undoLast, redoLast, selectAll, focused, focus],
  );

  // The key listener reads the screen's latest state through a ref updated in the commit
  // itself (layout effect), so a key pressed right after a render never acts on the previous
  // one's focus — a passive effect re-subscribing the listener would leave that gap.
  const latest = useRef({ execute, helpOpen, asking: false });
  useLayoutEffect(() => {
    latest.current = { execute, helpOpen, asking: pendingBulk !== null };
  });
  useEffect(() => {
    if (!keyboardEnabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return;
      // A button reached with Tab keeps Enter and Space for itself.
      if ((e.target as HTMLElement | null)?.tagName === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return;
      const cmd = commandForKey(e);
      if (!cmd) return;
      if (latest.current.helpOpen && cmd.kind !== 'help' && cmd.kind !== 'close') return;
      // The overwrite question is answered with its buttons (Enter: the focused default) or Escape.
      if (latest.current.asking && cmd.kind !== 'close') return;
      e.preventDefault();
      latest.current.execute(cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboardEnabled]);

  const onCellClick = useCallback(
    (index: number, it: GridItem | undefined, e: MouseEvent) => {
      if (!it) return;
      setFocus(index);
      const mods = { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey };
      const rangeIds = (a: number, b: number) => {
        const ids: number[] = [];
        for (let i = a; i <= b; i++) {
          const x = data.item(i);
          if (x) ids.push(x.id);
        }
        return ids;
      };
      setSelection((s) => clickSelection(s, index, it.id, mods, rangeIds));
    },
    [data],
  );

  const onCellOpen = useCallback((index: number) => {
    setFocus(index);
    setLargeOpen(true);
  }, []);

  const suggestNext = async () => {
    setSuggesting(true);
    try {
      const s = await api.suggest(facet, SUGGEST_LIMIT);
      if (!s.ids.length) say(t('review.list.noSuggestions'), true);
      else enterList({ kind: 'suggested', facet, ids: s.ids, detail: { mode: s.mode, unlabelled: s.unlabelled } });
    } catch (err) {
      say(t('review.messages.error', { message: (err as Error).message }), true);
    } finally {
      setSuggesting(false);
    }
  };

  const bulkCount = selection.ids.size;

  return (
    <section
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

/** What the cell shows until the reload confirms the decision. */
function optimistic(decision: Decision, item: GridItem): Partial<GridItem> {
  if (decision.action === 'reject') return { status: 'rejected' };
  if (decision.action === 'validate') return { status: 'validated' };
  return { status: decision.label === item.label ? 'validated' : 'corrected', label: decision.label };
}
