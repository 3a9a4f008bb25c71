// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { startingJob, type ClassifyStatus, type GridCounts, type JobStatus } from '../../../electron/common/contract/index.js';
import { answeringClient, type Answers } from '../fakeClient.js';
import { renderApp } from '../renderApp.js';
import { MOTIF_AND_TEMA, fakeWorkspacePageEachTest } from '../review/setup.js';
import { fakeFirstModel } from '../review/fakeApi.js';

// jsdom has no canvas for the Models panel's chart.
vi.mock('react-chartjs-2', () => ({ Line: () => null }));

fakeWorkspacePageEachTest();

const counts: GridCounts = { total: 256, byLabel: {}, noLabel: 0, byStatus: { unreviewed: 0, predicted: 134, corrected: 0, validated: 0, rejected: 0, awaiting: 0, disputed: 0 } };

const job = (over: Partial<JobStatus>): JobStatus => ({ ...startingJob('import-1', 'import', 'Import arsip2', 124), startedAt: '', ...over }) as JobStatus;

/** A catalogue of 256 images after an import of 122: motif (active model) has classified 134, tema has no model. */
function fakeClient(motif: ClassifyStatus, catalogue: { validator: string | null; newCatalogue?: boolean } = { validator: 'Bu Sri' }) {
  let jobs: JobStatus[] = [];
  // A new catalogue lists no active model until its first classify.status registers the shipped heads.
  let registered = !catalogue.newCatalogue;
  const answers: Answers = {
    'catalogue.info': () => ({ path: '/tmp/cat.sqlite', schemaVersion: 5, appVersion: '1', counts: { images: 256, predicted: 134, reviewed: 0, roots: 2 } }),
    'facet.list': () => (registered ? MOTIF_AND_TEMA : MOTIF_AND_TEMA.map((f) => ({ ...f, activeModel: null }))),
    'settings.get': () => ({ validator: catalogue.validator, language: 'id' }),
    'review.counts': () => counts,
    'review.query': () => ({ total: 0, offset: 0, items: [], counts }),
    'review.modelVersions': () => [],
    'learn.firstModel': (i) => fakeFirstModel({ facet: i.facet as string, hasModel: true, labels: [] }),
    'jobs.list': () => jobs,
    'import.jobs': () => [],
    'import.roots': () => [],
    'import.errors': () => ({ total: 0, byCode: [], items: [] }),
    'import.start': () => {
      jobs = [job({})];
      return { jobId: 'import-1', importJobId: 3, resumed: false };
    },
    'classify.status': (i) => ((registered = true), i.facet === 'motif' ? motif : { facet: 'tema', modelVersion: null, unavailable: 'no model for tema yet', images: 256, predicted: 0 }),
    'classify.backend': () => ({ name: 'wasm', detail: 'wasm (SIMD, 1 thread)', skipped: [] }),
    'classify.start': () => {
      jobs = [...jobs, job({ id: 'classify-9', kind: 'classify', title: 'Classify motif', found: 122 })];
      return { jobId: 'classify-9', total: 122, modelVersion: 'v1' };
    },
  };
  return answeringClient(answers);
}

/** Open the import screen, import a folder and let it finish with 122 new images. */
async function importFinished(fake: ReturnType<typeof fakeClient>) {
  renderApp(fake.client);
  fireEvent.click(await screen.findByRole('button', { name: 'Impor' }));
  fireEvent.change(await screen.findByTestId('import-path'), { target: { value: '/tmp/qa/arsip2' } });
  await act(async () => fireEvent.click(screen.getByTestId('import-start')));
  act(() => fake.emit({ type: 'job', job: job({ state: 'done', done: 122, failed: 2, ratePerSecond: 65.5, etaSeconds: 0 }) }));
  await waitFor(() => expect(screen.getByTestId('import-state').textContent).toContain('selesai'));
}

describe('after an import', () => {
  it('offers to classify the images the active model has not seen, and its button starts that and shows its progress on the classify screen', async () => {
    const fake = fakeClient({ facet: 'motif', modelVersion: 'v1', unavailable: null, images: 256, predicted: 134 });
    await importFinished(fake);

    const next = await screen.findByTestId('import-next');
    expect(next.querySelector('h4')!.textContent).toBe('Langkah berikutnya');
    // tema has no model: nothing to offer there
    expect([...next.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Klasifikasikan 122 gambar yang belum terklasifikasi dengan model Motif']);

    await act(async () => fireEvent.click(screen.getByTestId('import-classify-motif')));
    expect(fake.calls.find((c) => c.name === 'classify.start')?.input).toEqual({ facet: 'motif', onlyUnpredicted: true });
    // the classify screen, on that run's facet, following it
    expect(screen.getByRole('button', { name: 'Klasifikasi' }).className).toBe('active');
    expect((screen.getByTestId('classify-facet') as HTMLSelectElement).value).toBe('motif');
    await waitFor(() => expect(screen.getByTestId('classify-progress').textContent).toContain('0 / 122'));
    act(() => fake.emit({ type: 'job', job: job({ id: 'classify-9', kind: 'classify', found: 122, done: 40, ratePerSecond: 20, etaSeconds: 4.1 }) }));
    expect(screen.getByTestId('classify-progress').textContent).toContain('40 / 122 · 20 gambar/detik · sekitar 4 detik lagi');
  });

  it('offers nothing when the active model has classified every image', async () => {
    const fake = fakeClient({ facet: 'motif', modelVersion: 'v1', unavailable: null, images: 256, predicted: 256 });
    await importFinished(fake);
    await waitFor(() => expect(fake.calls.some((c) => c.name === 'classify.status')).toBe(true));
    await act(async () => undefined);
    expect(screen.queryByTestId('import-next')).toBeNull();
  });
});

describe('the first import into a new catalogue', () => {
  it('offers the next step although no facet listed its shipped model yet, with no validator prompt in the way', async () => {
    const fake = fakeClient({ facet: 'motif', modelVersion: 'v1', unavailable: null, images: 256, predicted: 0 }, { validator: null, newCatalogue: true });
    await importFinished(fake);
    const next = await screen.findByTestId('import-next');
    expect(next.textContent).toContain('Klasifikasikan 256 gambar yang belum terklasifikasi dengan model Motif');
    // nobody has said who they are, and nothing asks it before a decision needs it
    expect(screen.queryByTestId('validator-prompt')).toBeNull();
  });
});
