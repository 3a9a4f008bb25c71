// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import type { GridCounts } from '../../electron/common/contract/index.js';
import { answeringClient, type Answers } from './fakeClient.js';
import { renderApp } from './renderApp.js';
import { MOTIF_AND_TEMA, fakeWorkspacePageEachTest } from './review/setup.js';
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
