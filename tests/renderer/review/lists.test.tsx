// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReviewWorkspace, SUGGEST_LIMIT } from '../../../renderer/src/features/review/ReviewWorkspace.js';
import { toWireFilter } from '../../../renderer/src/features/review/reviewApi.js';
import { EMPTY_FILTER, type GridList } from '../../../renderer/src/features/review/types.js';
import { fakeApi } from './fakeApi.js';
import { MOTIF_AND_TEMA, fakeWorkspacePageEachTest, withI18n } from './setup.js';

const FACETS = MOTIF_AND_TEMA;

fakeWorkspacePageEachTest();

const cellIds = () => [...document.querySelectorAll('[data-testid=grid-cell]')].map((e) => Number(e.getAttribute('data-id')));
const focusedId = () => Number(document.querySelector('[aria-current="true"]')?.getAttribute('data-id'));
const sortValue = () => (screen.getByTestId('sort') as HTMLSelectElement).value;

describe('suggested next in the review grid', () => {
  it('shows the suggested images in their order, keeps the list through filters and decisions, and goes back to the earlier view', async () => {
    const fake = fakeApi(20);
    render(withI18n(<ReviewWorkspace api={fake.api} facets={FACETS} facet="motif" />, 'id'));
    await screen.findAllByTestId('grid-cell');
    // an earlier view to come back to: by file name, confidence at most 90 % (the fake's ids 1 and 2 are above)
    const EARLIER = Array.from({ length: 18 }, (_, i) => i + 3);
    fireEvent.change(screen.getByTestId('sort'), { target: { value: 'fileName' } });
    fireEvent.change(screen.getByTestId('filter-max'), { target: { value: '90' } });
    await waitFor(() => expect(cellIds()).toEqual(EARLIER));

    expect(screen.getByTestId('suggest-next').textContent).toBe('Saran berikutnya');
    await act(async () => fireEvent.click(screen.getByTestId('suggest-next')));
    expect(fake.calls.find((c) => c.name === 'suggest')?.args).toEqual(['motif', SUGGEST_LIMIT]);
    // the fake suggests the five highest ids, most useful first; other filters are off inside the list
    await waitFor(() => expect(cellIds()).toEqual([20, 19, 18, 17, 16]));
    const banner = screen.getByTestId('list-banner');
    expect(banner.textContent).toContain('Saran berikutnya: 5 gambar');
    expect(banner.textContent).toContain('paling tidak pasti');
    expect(sortValue()).toBe('given');
    expect((screen.getByTestId('filter-max') as HTMLInputElement).value).toBe('');
    expect(focusedId()).toBe(20);

    // a decision inside the list: the item stays in the list, focus moves on
    await act(async () => {
      fireEvent.keyDown(window, { key: 'Enter' });
      await new Promise((r) => setTimeout(r, 0));
    });
    await waitFor(() => expect(document.querySelector('[data-id="20"]')?.getAttribute('data-status')).toBe('validated'));
    expect(cellIds()).toEqual([20, 19, 18, 17, 16]);
    expect(focusedId()).toBe(19);

    // filters narrow the list; "clear filters" leaves the list in place
    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'predicted' } });
    await waitFor(() => expect(cellIds()).toEqual([19, 18, 17, 16]));
    fireEvent.click(screen.getByText('Hapus filter'));
    await waitFor(() => expect(cellIds()).toEqual([20, 19, 18, 17, 16]));
    expect(screen.getByTestId('list-banner')).toBeTruthy();
    // another sort inside the list, then its own order again
    fireEvent.change(screen.getByTestId('sort'), { target: { value: 'fileName' } });
    await waitFor(() => expect(cellIds()).toEqual([16, 17, 18, 19, 20]));
    fireEvent.change(screen.getByTestId('sort'), { target: { value: 'given' } });
    await waitFor(() => expect(cellIds()).toEqual([20, 19, 18, 17, 16]));

    // back to the normal view: the earlier sort and filter return
    fireEvent.click(screen.getByTestId('list-back'));
    await waitFor(() => expect(cellIds()).toEqual(EARLIER));
    expect(screen.queryByTestId('list-banner')).toBeNull();
    expect(sortValue()).toBe('fileName');
    expect((screen.getByTestId('filter-max') as HTMLInputElement).value).toBe('90');
    expect([...(screen.getByTestId('sort') as HTMLSelectElement).options].map((o) => o.value)).not.toContain('given');
  });

  it('says so when there is nothing to suggest, and stays in the normal view', async () => {
    const fake = fakeApi(6);
    fake.setSuggestCount(0);
    render(withI18n(<ReviewWorkspace api={fake.api} facets={FACETS} facet="motif" />, 'en'));
    await screen.findAllByTestId('grid-cell');
    await act(async () => fireEvent.click(screen.getByTestId('suggest-next')));
    expect((await screen.findByTestId('review-message')).textContent).toMatch(/No suggestions yet: classify the images first/);
    expect(screen.queryByTestId('list-banner')).toBeNull();
    expect(cellIds()).toHaveLength(6);
  });

  it('opens a list handed over by another screen, also together with a facet switch', async () => {
    const fake = fakeApi(12);
    const list = (facet: string, ids: number[]): GridList => ({ kind: 'disagreements', facet, ids, detail: { a: 'motif-v2', b: 'motif-v1' } });
    const view = (facet: string, openList: GridList | null) => withI18n(<ReviewWorkspace api={fake.api} facets={FACETS} facet={facet} openList={openList} />, 'en');
    const { rerender } = render(view('motif', null));
    await screen.findAllByTestId('grid-cell');
    const first = list('motif', [7, 3, 11]);
    rerender(view('motif', first));
    await waitFor(() => expect(cellIds()).toEqual([7, 3, 11]));
    expect(screen.getByTestId('list-banner').textContent).toContain('3 held-out images that motif-v2 and motif-v1 label differently.');
    fireEvent.click(screen.getByTestId('list-back'));
    await waitFor(() => expect(cellIds()).toHaveLength(12));
    // the same hand-over is not reopened by a later render
    rerender(view('motif', first));
    expect(screen.queryByTestId('list-banner')).toBeNull();

    // a list of another facet arrives with the facet switch
    rerender(view('tema', list('tema', [4, 2])));
    await waitFor(() => expect(cellIds()).toEqual([4, 2]));
    expect(sortValue()).toBe('given');
    fireEvent.click(screen.getByTestId('list-back'));
    await waitFor(() => expect(cellIds()).toHaveLength(12));
    expect(sortValue()).toBe('uncertainty');
  });

  it('sends the id list to the catalogue as the grid filter, and no id filter otherwise', () => {
    expect(toWireFilter({ ...EMPTY_FILTER, ids: [9, 4] }).ids).toEqual([9, 4]);
    expect(toWireFilter({ ...EMPTY_FILTER, ids: [] }).ids).toEqual([]);
    expect(toWireFilter(EMPTY_FILTER).ids).toBeNull();
  });
});
