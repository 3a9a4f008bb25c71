// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { FirstModelBanner } from '../../../renderer/src/features/review/FirstModelBanner.js';
import { ReviewWorkspace } from '../../../renderer/src/features/review/ReviewWorkspace.js';
import type { FirstModelStatus } from '../../../renderer/src/features/review/types.js';
import { fakeApi, fakeFirstModel } from './fakeApi.js';
import { MOTIF_AND_TEMA, fakeWorkspacePageEachTest, withI18n } from './setup.js';

fakeWorkspacePageEachTest();

const job = (over: Partial<JobStatus>): JobStatus => ({
  id: 'train-7',
  kind: 'train',
  state: 'running',
  title: 'First model for tema',
  found: 60,
  done: 3,
  skipped: 0,
  failed: 0,
  ratePerSecond: 0,
  etaSeconds: null,
  message: null,
  startedAt: '2026-03-01T10:00:00.000Z',
  finishedAt: null,
  ...over,
}) as JobStatus;

const EPOCH_3 = 'epoch 3/60 · loss 0.5200 · acc 0.8100 · val_loss 0.6100 · val_acc 0.7500 · lr 0.001';

function renderBanner(status: FirstModelStatus | null, language: 'id' | 'en' = 'id', facet = 'tema') {
  const fake = fakeApi(0);
  if (status) fake.setFirstModel(status);
  render(withI18n(<FirstModelBanner api={fake.api} facet={facet} />, language));
  const asked = () => fake.firstModelAsked.length;
  // Push an event as the core would, and let the refetch it may cause settle.
  const push = async (...args: Parameters<typeof fake.emit>) => {
    await act(async () => {
      fake.emit(...args);
      await new Promise((r) => setTimeout(r, 0));
    });
  };
  return { fake, asked, push };
}

const banner = () => screen.queryByTestId('first-model-banner');

describe('FirstModelBanner', () => {
  it('shows, in Indonesian, how many reviewed examples each label has and points to "Saran berikutnya"', async () => {
    renderBanner(fakeFirstModel());
    const shown = await screen.findByTestId('first-model-banner');
    expect(shown.getAttribute('role')).toBe('status');
    expect(shown.textContent).toContain(
      'Faset ini belum punya model. Model pertama dilatih otomatis setelah setiap label punya 5 contoh yang ditinjau:',
    );
    // counted up to the five needed; complete labels are marked
    expect(screen.getByTestId('first-model-progress').textContent).toBe('Arsitektur 3/5 · Budaya 5/5 ✓ · Fauna 0/5 · Flora 5/5 ✓');
    const complete = [...shown.querySelectorAll('[data-complete="true"]')].map((e) => e.getAttribute('data-label'));
    expect(complete).toEqual(['budaya', 'flora']);
    expect(shown.textContent).toContain('Mulailah dengan “Saran berikutnya”: gambar yang paling berguna untuk diberi label lebih dulu.');
    expect(screen.queryByTestId('first-model-error')).toBeNull();
  });

  it('shows the training job’s epoch message from its events, not another job’s', async () => {
    const { asked, push } = renderBanner(fakeFirstModel({ ready: true, phase: 'training', jobId: 'train-7' }));
    await waitFor(() => expect(banner()?.textContent).toBe('Melatih model pertama…'));
    await push({ type: 'job', job: job({ message: EPOCH_3 }) });
    expect(banner()?.getAttribute('data-phase')).toBe('training');
    expect(banner()?.textContent).toBe(`Melatih model pertama… ${EPOCH_3}`);
    // another training (say, started by hand for another facet) leaves the text alone
    await push({ type: 'job', job: job({ id: 'train-other', message: 'epoch 9/9 · loss 0.1' }) });
    expect(banner()?.textContent).toBe(`Melatih model pertama… ${EPOCH_3}`);
    // progress of the run's own job asks nothing; its end does
    const before = asked();
    await push({ type: 'job', job: job({ message: EPOCH_3.replace('epoch 3', 'epoch 4') }) });
    expect(asked()).toBe(before);
    expect(banner()?.textContent).toContain('epoch 4/60');
    await push({ type: 'job', job: job({ state: 'done', message: 'trained tema-v1' }) });
    expect(asked()).toBe(before + 1);
  });

  it('follows the run: predicting once the model is active, gone after a catalogue change when the facet has its model', async () => {
    const { fake, push } = renderBanner(fakeFirstModel({ ready: true, phase: 'training', jobId: 'train-7' }));
    await screen.findByTestId('first-model-banner');
    fake.setFirstModel(fakeFirstModel({ hasModel: true, ready: true, phase: 'predicting', jobId: 'classify-1' }));
    await push({ type: 'job', job: job({ state: 'done', message: 'trained tema-v1' }) });
    expect(banner()?.getAttribute('data-phase')).toBe('predicting');
    expect(banner()?.textContent).toBe('Model pertama aktif; memprediksi gambar lainnya…');
    await push({ type: 'job', job: job({ id: 'classify-1', kind: 'classify', found: 40, done: 10 }) });
    expect(banner()?.textContent).toBe('Model pertama aktif; memprediksi gambar lainnya… 10/40 gambar');

    fake.setFirstModel(fakeFirstModel({ hasModel: true, ready: true }));
    await push({ type: 'catalogue-changed', reason: 'classified' });
    expect(banner()).toBeNull();
  });

  it('picks up a run that started after its status was fetched (the decision’s catalogue change comes first)', async () => {
    const { fake, push } = renderBanner(fakeFirstModel({ labels: fakeFirstModel().labels.map((l) => ({ ...l, reviewed: 5 })), ready: true }));
    expect((await screen.findByTestId('first-model-progress')).textContent).toBe('Arsitektur 5/5 ✓ · Budaya 5/5 ✓ · Fauna 5/5 ✓ · Flora 5/5 ✓');
    fake.setFirstModel(fakeFirstModel({ ready: true, phase: 'training', jobId: 'train-9' }));
    await push({ type: 'job', job: job({ id: 'train-9', message: EPOCH_3 }) });
    expect(banner()?.textContent).toBe(`Melatih model pertama… ${EPOCH_3}`);
  });

  it('renders nothing for a facet with a model, and asks nothing more after decisions there', async () => {
    const { asked, push } = renderBanner(null, 'id', 'motif');
    // the answer (a model) arrives
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(asked()).toBe(1);
    await push({ type: 'catalogue-changed', reason: 'review' });
    await push({ type: 'job', job: job({ id: 'train-1' }) });
    expect(banner()).toBeNull();
    expect(asked()).toBe(1);
  });

  it('in English: the progress and the last failure, which is tried again once more labels come in', async () => {
    renderBanner(fakeFirstModel({ labels: fakeFirstModel().labels.map((l) => ({ ...l, reviewed: 6 })), ready: true, lastError: 'Not enough images with features.' }), 'en');
    const shown = await screen.findByTestId('first-model-banner');
    expect(shown.textContent).toContain('This facet has no model yet. Its first model is trained automatically once every label has 5 reviewed examples:');
    expect(screen.getByTestId('first-model-progress').textContent).toBe('Arsitektur 5/5 ✓ · Budaya 5/5 ✓ · Fauna 5/5 ✓ · Flora 5/5 ✓');
    expect(screen.getByTestId('first-model-error').textContent).toBe(
      'The last attempt gave no model: Not enough images with features. It is tried again once more labels come in.',
    );
    // Ready, so instead of the pointer to Suggested next: a button to try at once.
    expect(shown.textContent).not.toContain('Suggested next');
    expect(screen.getByTestId('first-model-train-now').textContent).toBe('Train the first model now');
  });

  it('trains at once when asked after a failed run', async () => {
    const ready = fakeFirstModel({ labels: fakeFirstModel().labels.map((l) => ({ ...l, reviewed: 5 })), ready: true, lastError: 'Cancelled by the user' });
    const { fake } = renderBanner(ready);
    const button = await screen.findByTestId('first-model-train-now');
    expect(button.textContent).toBe('Latih model pertama sekarang');
    await act(async () => button.click());
    expect(fake.firstModelStarted).toEqual(['tema']);
    await waitFor(() => expect(banner()?.getAttribute('data-phase')).toBe('training'));
    expect(banner()?.textContent).toBe('Melatih model pertama…');
  });

  it('offers no button while a label is short of examples', async () => {
    renderBanner(fakeFirstModel());
    await screen.findByTestId('first-model-banner');
    expect(screen.queryByTestId('first-model-train-now')).toBeNull();
    expect(screen.queryByTestId('first-model-no-features')).toBeNull();
  });

  it('says when photos have no features yet, computes them on request and follows the job', async () => {
    const { fake, push } = renderBanner(fakeFirstModel({ imagesWithoutFeatures: 3 }));
    const line = await screen.findByTestId('first-model-no-features');
    expect(line.textContent).toBe('3 gambar belum punya fitur, sehingga belum bisa disarankan atau dihitung di sini. Hitung fitur sekarang');
    const button = screen.getByTestId('first-model-compute-features') as HTMLButtonElement;
    await act(async () => button.click());
    expect(fake.featuresComputed).toHaveLength(1);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Menghitung fitur… 0/3');
    // The job's first event comes before it knows its size: the count from the status stands in.
    await push({ type: 'job', job: job({ id: 'classify-features', kind: 'features', title: 'Compute features of 3 image(s)', found: 0, done: 0 }) });
    expect(button.textContent).toBe('Menghitung fitur… 0/3');
    await push({ type: 'job', job: job({ id: 'classify-features', kind: 'features', title: 'Compute features of 3 image(s)', found: 3, done: 2 }) });
    expect(button.textContent).toBe('Menghitung fitur… 2/3');
    // Done: the features are there, the line goes.
    fake.setFirstModel(fakeFirstModel({ imagesWithoutFeatures: 0 }));
    await push({ type: 'job', job: job({ id: 'classify-features', kind: 'features', state: 'done', found: 3, done: 3 }) });
    await push({ type: 'catalogue-changed', reason: 'features' });
    expect(screen.queryByTestId('first-model-no-features')).toBeNull();
  });
});

describe('the first-model banner in the review workspace', () => {
  it('stands above the grid for a facet without a model and goes on a switch to one with a model', async () => {
    const fake = fakeApi(6);
    fake.setFirstModel(fakeFirstModel());
    const view = render(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="tema" />, 'id'));
    const shown = await screen.findByTestId('first-model-banner');
    const [firstCell] = await screen.findAllByTestId('grid-cell');
    expect(shown.compareDocumentPosition(firstCell) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    view.rerender(withI18n(<ReviewWorkspace api={fake.api} facets={MOTIF_AND_TEMA} facet="motif" />, 'id'));
    await waitFor(() => expect(banner()).toBeNull());
    expect(fake.firstModelAsked).toEqual(['tema', 'motif']);
  });
});
