import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import { clickSelection, NO_SELECTION, type SelectionState } from './selection.js';
import { useGridData } from './useGridData.js';
import { EMPTY_FILTER, type GridFilter, type GridItem, type GridList, type GridSort, type ReviewApi } from './types.js';
import type { GridView } from './currentView.js';

/**
 * What the grid shows and where the validator is in it: filter, sort, a list
 * shown instead of the whole catalogue (with the view to go back to), the
 * focused image, the selection and whether the large view is open.
 */
export function useGridView(api: ReviewApi, facet: string, openList: GridList | null, onViewChange?: (view: GridView) => void) {
  const [filter, setFilter] = useState<GridFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<GridSort>('uncertainty');
  // A list shown instead of the whole catalogue, and the view to go back to.
  const [list, setList] = useState<GridList | null>(null);
  const [beforeList, setBeforeList] = useState<{ filter: GridFilter; sort: GridSort } | null>(null);
  const data = useGridData(api, facet, filter, sort);
  useEffect(() => onViewChange?.({ facet, filter }), [onViewChange, facet, filter]);
  const [focus, setFocus] = useState(0);
  const [columns, setColumns] = useState(1);
  const [selection, setSelection] = useState<SelectionState>(NO_SELECTION);
  const [largeOpen, setLargeOpen] = useState(false);
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

  // A new facet, filter or sort: start at the top with nothing selected.
  useEffect(() => {
    setFocus(0);
    setSelection(NO_SELECTION);
  }, [facet, filter, sort]);

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

  return {
    data,
    filter,
    sort,
    setSort,
    changeFilter,
    list,
    enterList,
    leaveList,
    focus,
    setFocus,
    focused: data.item(focus),
    columns,
    setColumns,
    selection,
    setSelection,
    largeOpen,
    setLargeOpen,
    onCellClick,
    onCellOpen,
  };
}

export type GridViewState = ReturnType<typeof useGridView>;
