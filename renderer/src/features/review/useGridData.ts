import { useCallback, useEffect, useRef, useState } from 'react';
import type { GridCounts, GridFilter, GridItem, GridSort, ReviewApi } from './types.js';

export const PAGE_SIZE = 150;

export interface GridData {
  total: number;
  counts: GridCounts | null;
  loading: boolean;
  error: string | null;
  /** The item at a position of the current result, if its page is loaded. */
  item(index: number): GridItem | undefined;
  /** Ask for the pages covering [start, end] (visible rows); cheap to call on every render. */
  ensure(start: number, end: number): void;
  /** Refetch counts and the loaded pages (after a decision, undo, import…). */
  reload(): Promise<void>;
  /** Patch one item locally until the next reload, for instant feedback. */
  patch(id: number, change: Partial<GridItem>): void;
}

/**
 * Pages of the filtered, sorted result loaded on demand: with 100,000 images
 * only the pages under the visible rows are ever fetched.
 */
export function useGridData(api: ReviewApi, facet: string, filter: GridFilter, sort: GridSort): GridData {
  const [total, setTotal] = useState(0);
  const [counts, setCounts] = useState<GridCounts | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [, setTick] = useState(0);
  const pages = useRef(new Map<number, GridItem[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const patches = useRef(new Map<number, Partial<GridItem>>());
  /** Pages under the viewport, last asked for by the grid. */
  const visible = useRef<[number, number]>([0, 0]);

  const fetchPage = useCallback(
    async (page: number, gen: number) => {
      pending.current.add(page);
      try {
        // Counts come with the first page only: scrolling further does not recount.
        const res = await api.query(facet, filter, sort, page * PAGE_SIZE, PAGE_SIZE, page === 0);
        if (gen !== generation.current) return;
        pages.current.set(page, res.items);
        setTotal(res.total);
        if (res.counts) setCounts(res.counts);
        setError(null);
      } catch (err) {
        if (gen !== generation.current) return;
        setError((err as Error).message);
        if (page === 0) {
          // The first page carries the counts: without it nothing is known about this filter,
          // and the previous filter's total and counts must not stand in for it.
          pages.current.clear();
          setTotal(0);
          setCounts(null);
        }
      } finally {
        pending.current.delete(page);
        if (gen === generation.current) {
          setLoading(false);
          setTick((t) => t + 1);
        }
      }
    },
    [api, facet, filter, sort],
  );

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    pending.current.clear();
    const stale = [...pages.current.keys()];
    // Refetch page 0 (it carries the counts) and the pages on screen; the rest reload when scrolled to.
    const [from, to] = visible.current;
    const wanted = [0];
    for (let p = Math.max(1, from); p <= to; p++) wanted.push(p);
    await Promise.all(wanted.map((p) => fetchPage(p, gen)));
    if (gen !== generation.current) return;
    // Pages not refetched are stale now; drop them.
    for (const p of stale) if (!wanted.includes(p)) pages.current.delete(p);
    patches.current.clear();
    setTick((t) => t + 1);
  }, [fetchPage]);

  // A new facet, filter or sort starts from scratch.
  useEffect(() => {
    const gen = ++generation.current;
    pages.current.clear();
    pending.current.clear();
    patches.current.clear();
    setLoading(true);
    void fetchPage(0, gen);
  }, [fetchPage]);

  const ensure = useCallback(
    (start: number, end: number) => {
      const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
      const last = Math.floor(Math.max(0, end) / PAGE_SIZE);
      visible.current = [first, last];
      for (let p = first; p <= last; p++) {
        if (!pages.current.has(p) && !pending.current.has(p)) void fetchPage(p, generation.current);
      }
    },
    [fetchPage],
  );

  const item = useCallback((index: number) => {
    const page = pages.current.get(Math.floor(index / PAGE_SIZE));
    const it = page?.[index % PAGE_SIZE];
    if (!it) return undefined;
    const patch = patches.current.get(it.id);
    return patch ? { ...it, ...patch } : it;
  }, []);

  const patch = useCallback((id: number, change: Partial<GridItem>) => {
    patches.current.set(id, { ...patches.current.get(id), ...change });
    setTick((t) => t + 1);
  }, []);

  return { total, counts, loading, error, item, ensure, reload, patch };
}
