// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ReviewGrid, CELL_HEIGHT, CELL_WIDTH } from '../../../renderer/src/features/review/ReviewGrid.js';
import { ThumbnailStore } from '../../../renderer/src/features/review/thumbnails.js';
import type { GridItem } from '../../../renderer/src/features/review/types.js';
import { fakeItem, fakeLayout, withI18n } from './setup.js';

const TOTAL = 100_000;

function makeItem(index: number): GridItem {
  return fakeItem(index + 1, {
    label: index % 2 ? 'parang' : 'kawung',
    status: (['predicted', 'corrected', 'validated', 'rejected'] as const)[index % 4],
    confidence: 0.5 + (index % 50) / 100,
    dupGroup: index % 7 === 0 ? 1 : null,
    missing: index === 3,
  });
}

let restore: () => void;
beforeEach(() => {
  restore = fakeLayout(1000, 800);
});
afterEach(() => {
  cleanup();
  restore();
});

function renderGrid(overrides: Partial<Parameters<typeof ReviewGrid>[0]> = {}) {
  const fetched: number[] = [];
  const thumbnails = new ThumbnailStore(
    async (id) => {
      fetched.push(id);
      return new Blob([new Uint8Array([1])], { type: 'image/webp' });
    },
    50,
    6,
    { create: (b) => `blob:fake/${b.size}/${Math.random()}`, revoke: () => {} },
  );
  const ensure = vi.fn();
  const props = {
    total: TOTAL,
    item: makeItem,
    ensure,
    labelName: (k: string | null) => (k ? k.toUpperCase() : '-'),
    thumbnails,
    focusIndex: 0,
    selected: new Set<number>(),
    onCellClick: vi.fn(),
    onCellOpen: vi.fn(),
    onColumnsChange: vi.fn(),
    ...overrides,
  };
  const view = render(withI18n(<ReviewGrid {...props} />));
  return { ...view, props, fetched, ensure };
}

describe('ReviewGrid', () => {
  it('renders only the visible rows of 100,000 images', async () => {
    const { props, ensure, fetched } = renderGrid();
    const columns = Math.floor(1000 / CELL_WIDTH);
    expect(props.onColumnsChange).toHaveBeenCalledWith(columns);
    const cells = screen.getAllByTestId('grid-cell');
    const visibleRows = Math.ceil(800 / CELL_HEIGHT);
    // the viewport plus a small overscan, nowhere near 100,000
    expect(cells.length).toBeGreaterThanOrEqual(visibleRows * columns);
    expect(cells.length).toBeLessThanOrEqual((visibleRows + 4) * columns);
    expect(screen.getByTestId('review-grid').getAttribute('aria-rowcount')).toBe(String(Math.ceil(TOTAL / columns)));
    // only the pages under the viewport are asked for
    const [start, end] = ensure.mock.calls.at(-1)!;
    expect(start).toBe(0);
    expect(end).toBeLessThan(100);
    // thumbnails are fetched for visible cells only (one is a missing file: no fetch)
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(fetched.length).toBe(cells.length - 1);
    expect(Math.max(...fetched)).toBeLessThanOrEqual(cells.length);
  });

  it('after scrolling far down renders the rows there instead', async () => {
    const { ensure } = renderGrid();
    const scroller = screen.getByTestId('review-grid');
    await act(async () => {
      scroller.scrollTop = 50_000 * (CELL_HEIGHT / 5);
      fireEvent.scroll(scroller);
      await new Promise((r) => setTimeout(r, 20));
    });
    const ids = screen.getAllByTestId('grid-cell').map((c) => Number(c.getAttribute('data-id')));
    expect(Math.min(...ids)).toBeGreaterThan(40_000);
    expect(ids.length).toBeLessThan(60);
    const [start] = ensure.mock.calls.at(-1)!;
    expect(start).toBeGreaterThan(40_000);
  });

  it('shows status, confidence, duplicate flag and a missing-file placeholder with a relink hint', () => {
    renderGrid({ focusIndex: 1, selected: new Set([3]) });
    const cells = screen.getAllByTestId('grid-cell');
    expect(cells[0].getAttribute('data-status')).toBe('predicted');
    expect(cells[1].getAttribute('data-status')).toBe('corrected');
    expect(cells[1].getAttribute('aria-current')).toBe('true');
    expect(cells[2].getAttribute('aria-selected')).toBe('true');
    expect(cells[0].querySelector('[data-testid=cell-confidence]')!.textContent).toBe('50%');
    expect(cells[0].textContent).toContain('KAWUNG');
    expect(cells[0].querySelector('.flag-dup')!.getAttribute('title')).toMatch(/near-duplicate group #1/i);
    expect(cells[1].querySelector('.flag-dup')).toBeNull();
    expect(cells[3].querySelector('[data-testid=missing-file]')!.textContent).toMatch(/relink/i);
  });

  it('shows a corrected card with its own label’s probability, not the top prediction’s', () => {
    // The model: Parang 62 %, Kawung 38 %; corrected to Kawung.
    const corrected = fakeItem(1, { status: 'corrected', label: 'kawung', confidence: 0.62, labelConfidence: 0.38 });
    const outsideTopK = fakeItem(2, { status: 'corrected', label: 'truntum', confidence: 0.62, labelConfidence: null });
    renderGrid({ total: 2, item: (i: number) => [corrected, outsideTopK][i] });
    const cells = screen.getAllByTestId('grid-cell');
    expect(cells[0].querySelector('[data-testid=cell-label]')!.textContent).toBe('KAWUNG');
    expect(cells[0].querySelector('[data-testid=cell-confidence]')!.textContent).toBe('38%');
    expect(cells[1].querySelector('[data-testid=cell-confidence]')!.textContent).toBe('');
  });

  it('spreads the width left over by whole columns across the cells, leaving no empty strip on the right', () => {
    // 1000 px: 5 columns of 168 px would leave 160 px empty
    renderGrid();
    const row = screen.getAllByRole('row')[0];
    const widths = [...row.querySelectorAll<HTMLElement>('[role=gridcell]')].map((c) => c.style.width);
    expect(widths).toEqual(Array(5).fill('190px'));
    // the rendered cells (plus their 8 px margins and the row's 8 px padding) fill the row to within a pixel per column
    const used = widths.reduce((sum, w) => sum + parseFloat(w) + 8, 8);
    expect(1000 - used).toBeGreaterThanOrEqual(0);
    expect(1000 - used).toBeLessThan(5);
    // the last, short row keeps the same width per cell
    cleanup();
    renderGrid({ total: 7 });
    const last = screen.getAllByRole('row')[1];
    expect([...last.querySelectorAll<HTMLElement>('[role=gridcell]')].map((c) => c.style.width)).toEqual(['190px', '190px']);
  });
});
