// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { GridCounts } from '../../electron/common/contract/index.js';
import { answeringClient, type Answers } from './fakeClient.js';
import { renderApp } from './renderApp.js';
import { allowedCalls } from '../../electron/common/contract/permissions.js';
import { ClientContext } from '../../renderer/src/api/context.js';
import { App } from '../../renderer/src/App.js';
import { TeamContext, type Me } from '../../renderer/src/features/team/team.js';
import { MOTIF_AND_TEMA, fakeWorkspacePageEachTest, withI18n } from './review/setup.js';
import { fakeFirstModel } from './review/fakeApi.js';

// jsdom has no canvas for the Models panel's chart.
vi.mock('react-chartjs-2', () => ({ Line: () => null }));

fakeWorkspacePageEachTest();

const counts = (total: number, byStatus: Partial<GridCounts['byStatus']>): GridCounts => ({
  total,
  byLabel: {},
  noLabel: 0,
  byStatus: { unreviewed: 0, predicted: 0, corrected: 0, validated: 0, rejected: 0, awaiting: 0, disputed: 0, ...byStatus },
});

/** A catalogue of 256 images: motif classified and partly reviewed, tema (no model) with three hand labels. */
function fakeClient() {
  const perFacet: Record<string, GridCounts> = {
    motif: counts(256, { predicted: 133, corrected: 20, validated: 100, rejected: 3 }),
    tema: counts(256, { unreviewed: 253, corrected: 3 }),
  };
  const answers: Answers = {
    'catalogue.info': () => ({ path: '/tmp/cat.sqlite', schemaVersion: 5, appVersion: '1', counts: { images: 256, predicted: 256, reviewed: 123, roots: 1 } }),
    'facet.list': () => MOTIF_AND_TEMA,
    'settings.get': () => ({ validator: 'Bu Sri', language: 'id' }),
    'review.counts': (i) => perFacet[i.facet as string],
    'review.query': (i) => ({ total: 0, offset: 0, items: [], counts: perFacet[i.facet as string] }),
    'import.roots': () => [],
    'review.modelVersions': () => [],
    'learn.firstModel': (i) => fakeFirstModel({ facet: i.facet as string, hasModel: true, labels: [] }),
  };
  return { ...answeringClient(answers), perFacet };
}

// The summary's parts as they read on screen.
const summary = () => [...screen.getByTestId('catalogue-summary').children].map((e) => e.textContent).join(' · ');

describe('the review toolbar’s summary', () => {
  it('describes the chosen facet, not the whole catalogue’s motif numbers, and follows catalogue changes', async () => {
    localStorage.setItem('canting.facet', 'motif');
    const fake = fakeClient();
    renderApp(fake.client);
    await waitFor(() => expect(summary()).toBe('256 gambar · 133 diprediksi · 123 ditinjau'));

    fireEvent.change(screen.getByTestId('facet'), { target: { value: 'tema' } });
    // tema has no model: nothing predicted, three labelled by hand
    await waitFor(() => expect(summary()).toBe('256 gambar · 0 diprediksi · 3 ditinjau'));

    fake.perFacet.tema = counts(256, { unreviewed: 252, corrected: 4 });
    act(() => fake.emit({ type: 'catalogue-changed', reason: 'review' }));
    await waitFor(() => expect(summary()).toBe('256 gambar · 0 diprediksi · 4 ditinjau'));
  });
});

describe('the screens beside review', () => {
  it('open on the facet the user is working on, not on a fixed one', async () => {
    localStorage.setItem('canting.facet', 'motif');
    const fake = fakeClient();
    renderApp(fake.client);
    await waitFor(() => expect(summary()).toBe('256 gambar · 133 diprediksi · 123 ditinjau'));
    fireEvent.click(screen.getByRole('button', { name: 'Model' }));
    await waitFor(() => expect((screen.getByTestId('learn-facet') as HTMLSelectElement).value).toBe('motif'));

    // working on tema now: the training export opens on it
    fireEvent.click(screen.getByRole('button', { name: 'Tinjauan' }));
    fireEvent.change(screen.getByTestId('facet'), { target: { value: 'tema' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ekspor' }));
    await waitFor(() => expect((screen.getByTestId('export-training-facet') as HTMLSelectElement).value).toBe('tema'));
    // and so does the Classify screen
    fireEvent.click(screen.getByRole('button', { name: 'Klasifikasi' }));
    await waitFor(() => expect((screen.getByTestId('classify-facet') as HTMLSelectElement).value).toBe('tema'));
  });
});

describe('the language switch', () => {
  const pick = (lng: string) => fireEvent.change(screen.getByRole('combobox', { name: /Bahasa|Language/ }), { target: { value: lng } });

  it("in a team catalogue changes only this person's interface, not the catalogue's language for everyone", async () => {
    const fake = fakeClient();
    const me: Me = { team: true, user: { id: 4, username: 'vala', displayName: 'Vala', role: 'archivist' }, allowed: allowedCalls('archivist') };
    render(
      withI18n(
        <TeamContext.Provider value={{ me, signOut: async () => {} }}>
          <ClientContext.Provider value={fake.client}>
            <App />
          </ClientContext.Provider>
        </TeamContext.Provider>,
        'id',
      ),
    );
    await screen.findByTestId('catalogue-summary');
    act(() => pick('en'));
    await waitFor(() => expect(localStorage.getItem('canting.language')).toBe('en'));
    expect(fake.calls.filter((c) => c.name === 'settings.set')).toEqual([]);
  });

  it('in a single-seat catalogue also remembers the choice in the catalogue', async () => {
    const fake = fakeClient();
    renderApp(fake.client);
    await screen.findByTestId('catalogue-summary');
    act(() => pick('en'));
    await waitFor(() => expect(fake.calls.filter((c) => c.name === 'settings.set').map((c) => c.input)).toEqual([{ language: 'en' }]));
  });
});
