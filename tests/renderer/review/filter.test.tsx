// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReviewWorkspace } from '../../../renderer/src/features/review/ReviewWorkspace.js';
import type { GridFilter } from '../../../renderer/src/features/review/types.js';
import { fakeApi } from './fakeApi.js';
import { MOTIF_AND_TEMA, fakeWorkspacePageEachTest, withI18n } from './setup.js';

fakeWorkspacePageEachTest();

/** The fake catalogue, with every filter the grid asked for recorded. */
function recordingApi(count: number) {
  const fake = fakeApi(count);
  const asked: GridFilter[] = [];
  const query = fake.api.query;
  fake.api.query = (facet, filter, ...rest) => {
    asked.push(filter);
    return query(facet, filter, ...rest);
  };
  return { ...fake, asked };
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const cells = () => document.querySelectorAll('[data-testid=grid-cell]').length;

describe('confidence range in the filter bar', () => {
  it('says in the user’s language when the minimum is above the maximum, and sends no query for it', async () => {
    const fake = recordingApi(20);
    render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'id'));
    await screen.findAllByTestId('grid-cell');
    type('filter-min', '90');
    await waitFor(() => expect(fake.asked.at(-1)?.minConfidence).toBe(0.9));
    type('filter-max', '10');
    const error = await screen.findByTestId('filter-confidence-error');
    expect(error.textContent).toBe('Minimum 90 % lebih besar dari maksimum 10 %');
    expect(screen.getByTestId('filter-max').getAttribute('aria-invalid')).toBe('true');
    // the fields keep what was typed; the grid keeps the last possible range and no error banner appears
    expect((screen.getByTestId('filter-max') as HTMLInputElement).value).toBe('10');
    expect(fake.asked.some((f) => f.minConfidence != null && f.maxConfidence != null && f.minConfidence > f.maxConfidence)).toBe(false);
    expect(screen.queryByRole('alert', { name: /gagal/i })).toBeNull();
    expect(document.querySelector('.error-banner')).toBeNull();

    type('filter-max', '95');
    await waitFor(() => expect(fake.asked.at(-1)).toMatchObject({ minConfidence: 0.9, maxConfidence: 0.95 }));
    expect(screen.queryByTestId('filter-confidence-error')).toBeNull();
  });

  it('refuses values outside 0–100 instead of clamping them silently', async () => {
    const fake = recordingApi(20);
    render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'en'));
    await screen.findAllByTestId('grid-cell');
    const before = fake.asked.length;
    type('filter-min', '-5');
    expect((await screen.findByTestId('filter-confidence-error')).textContent).toBe('Confidence is a percentage from 0 to 100');
    expect((screen.getByTestId('filter-min') as HTMLInputElement).value).toBe('-5');
    type('filter-min', '');
    type('filter-max', '150');
    expect(screen.getByTestId('filter-confidence-error').textContent).toBe('Confidence is a percentage from 0 to 100');
    expect((screen.getByTestId('filter-max') as HTMLInputElement).value).toBe('150');
    // nothing out of range was asked for (the empty minimum is the same filter as before)
    expect(fake.asked.slice(before).filter((f) => f.minConfidence !== null || f.maxConfidence !== null)).toEqual([]);
    // "clear filters" clears the typed text and the message too
    fireEvent.click(screen.getByText('Clear filters'));
    await waitFor(() => expect(screen.queryByTestId('filter-confidence-error')).toBeNull());
    expect((screen.getByTestId('filter-max') as HTMLInputElement).value).toBe('');
  });
});

describe('a grid query that fails', () => {
  it('leaves no counts or placeholder cells of the previous filter on screen', async () => {
    const fake = fakeApi(20);
    const query = fake.api.query;
    fake.api.query = async (facet, filter, ...rest) => {
      if (filter.modelVersion === 'v1') throw new Error('database is locked');
      return query(facet, filter, ...rest);
    };
    render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'id'));
    await screen.findAllByTestId('grid-cell');
    await waitFor(() => expect(screen.getByTestId('count-total').textContent).toBe('20 gambar dalam filter'));
    await screen.findByRole('option', { name: 'v1 (20)' });
    await act(async () => type('filter-model', 'v1'));
    await waitFor(() => expect(document.querySelector('.error-banner')?.textContent).toContain('database is locked'));
    expect(screen.getByTestId('count-total').textContent).toBe('Jumlah tidak tersedia');
    expect(screen.getByTestId('count-status-predicted').querySelector('b')?.textContent).toBe('–');
    expect(screen.getByTestId('count-label-kawung').querySelector('b')?.textContent).toBe('–');
    expect(cells()).toBe(0);
    // the failure is not "no images match": only the error is said
    expect(screen.getByTestId('review-grid').textContent).toBe('');
    expect(screen.queryByText('Tidak ada gambar yang cocok dengan filter ini.')).toBeNull();
  });
});

describe('the model filter', () => {
  it('offers only versions with predictions in the grid, each with how many images it matches', async () => {
    const fake = fakeApi(20);
    // motif-v2 was activated but has classified nothing yet
    fake.api.modelVersions = async () => [
      { version: 'motif-v2', images: 0 },
      { version: 'motif-v1', images: 20 },
    ];
    render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'id'));
    await screen.findByRole('option', { name: 'motif-v1 (20)' });
    const options = [...(screen.getByTestId('filter-model') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toEqual(['Semua versi', 'motif-v1 (20)']);
  });
});

describe('the folder and model lists', () => {
  it('follow a change of the catalogue (a second import, an activated version) without a reload', async () => {
    const fake = fakeApi(20);
    let roots = [{ id: 1, path: '/arsip/Kotak 01', images: 20 }];
    let versions = [{ version: 'motif-v1', images: 20 }];
    fake.api.roots = async () => roots;
    fake.api.modelVersions = async () => versions;
    const workspace = (refreshKey: number) => withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" refreshKey={refreshKey} />, 'id');
    const { rerender } = render(workspace(0));
    await screen.findByRole('option', { name: 'motif-v1 (20)' });
    const options = (testId: string) => [...(screen.getByTestId(testId) as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options('filter-root')).toEqual(['Semua folder', 'Kotak 01']);

    roots = [...roots, { id: 2, path: '/arsip/Kotak 02', images: 5 }];
    versions = [{ version: 'motif-v2', images: 25 }, { version: 'motif-v1', images: 0 }];
    rerender(workspace(1)); // the app bumps it on every catalogue-changed event
    await screen.findByRole('option', { name: 'motif-v2 (25)' });
    expect(options('filter-model')).toEqual(['Semua versi', 'motif-v2 (25)']);
    expect(options('filter-root')).toEqual(['Semua folder', 'Kotak 01', 'Kotak 02']);
  });
});

describe('the subfolder filter', () => {
  const FOLDERS = [
    { path: 'Kotak 01', images: 40 },
    { path: 'Kotak 01/Desa Kauman', images: 34 },
    { path: 'Kotak 02', images: 12 },
  ];

  it('offers the catalogue’s folders while typing, each with its images', async () => {
    const fake = recordingApi(20);
    fake.setFolders(FOLDERS);
    render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'id'));
    await screen.findAllByTestId('grid-cell');
    const field = screen.getByTestId('filter-folder');
    const list = screen.getByTestId('filter-folder-options');
    expect(field.getAttribute('list')).toBe(list.id);
    await waitFor(() =>
      expect([...list.querySelectorAll('option')].map((o) => `${o.value} · ${o.label}`)).toEqual([
        'Kotak 01 · 40 gambar',
        'Kotak 01/Desa Kauman · 34 gambar',
        'Kotak 02 · 12 gambar',
      ]),
    );
  });

  it('says beside the field when no folder is called that, and offers folders containing it', async () => {
    const fake = recordingApi(20);
    fake.setFolders(FOLDERS);
    render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'id'));
    await screen.findAllByTestId('grid-cell');
    await waitFor(() => expect(screen.getByTestId('filter-folder-options').children.length).toBe(3));

    // another case is the same folder (the core matches it): no note
    type('filter-folder', 'kotak 01/desa kauman');
    await waitFor(() => expect(fake.asked.at(-1)?.folder).toBe('kotak 01/desa kauman'));
    expect(screen.queryByTestId('filter-folder-none')).toBeNull();

    // the QA run's attempt: a folder's name without the box it is in
    type('filter-folder', 'Desa Kauman');
    const note = await screen.findByTestId('filter-folder-none');
    expect(note.textContent).toBe('Tidak ada subfolder “Desa Kauman” di katalog ini. Maksud Anda: Kotak 01/Desa Kauman');
    expect(screen.getByTestId('filter-folder').getAttribute('aria-describedby')).toBe(note.id);
    fireEvent.click(screen.getByRole('button', { name: 'Kotak 01/Desa Kauman' }));
    await waitFor(() => expect(fake.asked.at(-1)?.folder).toBe('Kotak 01/Desa Kauman'));
    expect((screen.getByTestId('filter-folder') as HTMLInputElement).value).toBe('Kotak 01/Desa Kauman');
    expect(screen.queryByTestId('filter-folder-none')).toBeNull();

    type('filter-folder', 'Kotak 9');
    expect((await screen.findByTestId('filter-folder-none')).textContent).toBe('Tidak ada subfolder “Kotak 9” di katalog ini.');
  });
});

describe('sorting by uncertainty', () => {
  it('shows each card’s uncertainty, the order’s own measure, and says what it means', async () => {
    const fake = fakeApi(20);
    render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'id'));
    await screen.findAllByTestId('grid-cell');
    // the default sort: the numbers on the cards descend, unlike the top-1 percentages beside them
    const shown = () => [...document.querySelectorAll('[data-testid=cell-uncertainty]')].map((e) => e.textContent);
    expect(shown().slice(0, 3)).toEqual(['Ketidakpastian 95%', 'Ketidakpastian 90%', 'Ketidakpastian 86%']);
    expect(screen.getAllByTestId('cell-uncertainty')[0].getAttribute('title')).toMatch(/^Ketidakpastian 95%: seberapa merata peluang model tersebar di antara semua label .* 5% adalah peluang label teratas saja\.$/);
    const sort = screen.getByTestId('sort') as HTMLSelectElement;
    expect(sort.title).toMatch(/^Menurut ketidakpastian model: seberapa merata/);
    expect([...sort.options].find((o) => o.value === 'uncertainty')!.title).toBe(sort.title);

    // the large view says it too
    fireEvent.doubleClick(screen.getAllByTestId('grid-cell')[0]);
    expect((await screen.findByTestId('large-uncertainty')).textContent).toMatch(/^Ketidakpastian 95%: seberapa merata peluang tersebar di antara semua label/);

    // another sort: the cards go back to their usual content
    fireEvent.change(sort, { target: { value: 'confidence' } });
    await waitFor(() => expect(shown()).toEqual([]));
    expect(sort.title).toBe('');
  });
});
