// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { startingJob, type CantingEvent, type JobStatus } from '../../../electron/common/contract/index.js';
import { formatEpochMessage, type EpochLog, type ModelVersion, type TrainNote } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import type { Client } from '../../../renderer/src/api/client.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { ModelsPanel } from '../../../renderer/src/features/learn/ModelsPanel.js';
import { nextHistory } from '../../../renderer/src/features/learn/trainHistory.js';
import { OpenInGridContext } from '../../../renderer/src/features/review/openInGrid.js';
import type { GridList } from '../../../renderer/src/features/review/types.js';
import { fakeFirstModel } from '../review/fakeApi.js';

afterEach(cleanup);
// jsdom has no canvas, so chart.js cannot draw here; the chart's data is checked through its wrapper.
vi.mock('react-chartjs-2', () => ({ Line: () => null }));

const facets = [{ id: 1, key: 'tema', nameId: 'Tema', nameEn: 'Theme', labels: [], activeModel: null }];

const version = (id: number, active: boolean): ModelVersion => ({
  id,
  facet: 'tema',
  version: `tema-v${id}`,
  source: 'trained',
  active,
  createdAt: '2026-03-01T10:00:00.000Z',
  labels: ['arsitektur', 'budaya'],
  backbone: id === 2 ? 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear+top-0123456789abcdef' : 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear',
  fineTuned: id === 2,
  runnable: true,
  pipeline: { id: 'mobilenet_v2-nsfwjs-4.4.0-flatten_1+block_16-meanstd-bilinear', name: 'MobileNetV2' },
  pipelineIsCurrent: true,
  rollbackTarget: false,
  accuracy: 0.8 + id / 100,
  trainAccuracy: 0.9,
  metrics: { accuracy: 0.8 + id / 100 },
  training: { images: 40, perLabel: { arsitektur: 20, budaya: 20 }, validators: [{ name: 'Sari', count: 40 }], dateRange: null, notes: null },
});

/** Both versions on an evaluation set of 124 images: the newer one is worse there. */
const evaluation = {
  facet: 'tema',
  images: 124,
  perLabel: { arsitektur: 62, budaya: 62 },
  rule: { share: 0.2, from: 10, min: 3 },
  versions: [
    { id: 2, version: 'tema-v2', active: false, images: 124, correct: 65, accuracy: 0.5242, interval: { low: 0.4368, high: 0.6101 }, seenInTraining: 0, untracked: false },
    { id: 1, version: 'tema-v1', active: true, images: 124, correct: 100, accuracy: 0.8065, interval: { low: 0.7283, high: 0.8664 }, seenInTraining: 0, untracked: false },
  ],
};

/** What activating a version would do: tema-v2 is worse, changes 41 % of unreviewed labels and trained on few budaya. */
const activationCheck = (version: string) => ({
  facet: 'tema',
  candidate: { id: 2, version },
  active: { id: 1, version: 'tema-v1' },
  labelNames: { arsitektur: 'Arsitektur', budaya: 'Budaya' },
  evaluation: evaluation.versions[0],
  comparison: null,
  shift: { images: 500, changed: 205, transitions: [{ from: 'budaya', to: 'arsitektur', count: 120 }, { from: 'arsitektur', to: 'budaya', count: 85 }] },
  imbalance: [{ label: 'budaya', trained: 23, trainedShare: 0.0382, expectedShare: 0.5 }],
  pipeline: null,
  warnings: ['worse', 'imbalance'],
});

const NO_MANIFEST = '/heads/lab has no manifest.json, so the order of its outputs is unknown: give the head\'s labels in output order';

type Answers = Record<string, (input: Record<string, unknown>) => unknown>;

/** A client answering the panel's calls; `overrides` replaces some answers for one test. */
function fakeClient(
  shell: Partial<Client['shell']> | null = null,
  backend: 'tensorflow' | 'wasm' = 'wasm',
  older: ModelVersion[] = [],
  facetList: unknown[] = facets,
  overrides: Answers = {},
) {
  const calls: { name: string; input: unknown }[] = [];
  const listeners: ((e: CantingEvent) => void)[] = [];
  let versions = [...older, version(2, false), version(1, true)];
  // every label has enough reviewed examples to train
  const examples = fakeFirstModel({ hasModel: true, labels: [{ key: 'arsitektur', name: 'Arsitektur', reviewed: 20 }, { key: 'budaya', name: 'Budaya', reviewed: 20 }], ready: true });
  const answers: Answers = {
    'facet.list': () => facetList,
    'facet.create': (i) => {
      if ((i.labels as string[]).some((l, n, all) => all.indexOf(l) !== n)) throw new Error('"Cap" dan "Cap" adalah label yang sama');
      return { id: 9, key: i.key, nameId: i.nameId, nameEn: i.nameEn, activeModel: null, labels: (i.labels as string[]).map((name, n) => ({ id: 90 + n, key: name.toLowerCase(), name, position: n + 1 })) };
    },
    'facet.renameLabel': (i) => ({ ...facets[0], labels: [{ id: 81, key: String(i.label), name: i.name, position: 1 }] }),
    'facet.addLabel': (i) => ({ ...facets[0], labels: [{ id: 80, key: String(i.name).toLowerCase(), name: i.name, position: 1 }] }),
    'learn.firstModel': () => examples,
    'classify.backend': () => ({ name: backend, detail: backend === 'wasm' ? 'wasm (SIMD, 1 thread)' : 'tensorflow (tfjs-node)', skipped: [] }),
    'registry.versions': () => versions,
    'registry.activate': (i) => {
      // the version active until now is where a roll-back goes
      const before = versions.find((v) => v.active)?.id;
      versions = versions.map((v) => ({ ...v, active: v.id === i.id, rollbackTarget: v.id === before }));
      return versions.find((v) => v.id === i.id);
    },
    'registry.rollback': () => versions[1],
    'registry.report': () => ({ html: '<p>report</p>', file: null }),
    'registry.evaluation': () => evaluation,
    'registry.activationCheck': (i) => activationCheck(versions.find((v) => v.id === i.id)!.version),
    'registry.compare': () => ({
      labels: ['arsitektur', 'budaya'],
      items: 8,
      itemsNote: 'held out by either',
      basis: 'heldOut',
      untracked: ['tema-v1'],
      onlyA: 3,
      onlyB: 1,
      pValue: 0.625,
      labelNames: { arsitektur: 'Arsitektur', budaya: 'Budaya' },
      a: { id: 2, version: 'tema-v2', accuracy: 0.75, correct: 6, interval: { low: 0.409, high: 0.9285 }, confusion: [[3, 1], [1, 3]] },
      b: { id: 1, version: 'tema-v1', accuracy: 0.5, correct: 4, interval: { low: 0.2152, high: 0.7848 }, confusion: [[2, 2], [2, 2]] },
      disagreements: [{ imageId: 17, truth: 'budaya', a: 'budaya', b: 'arsitektur', aConfidence: 0.8, bConfidence: 0.6 }],
    }),
    'registry.import': (i) => {
      if (!i.labels) throw new Error(NO_MANIFEST);
      return { ...version(3, false), source: 'imported', labels: i.labels };
    },
    'learn.train': () => ({ jobId: 'train-1', images: 40, perLabel: {} }),
    'jobs.cancel': () => ({}),
    'learn.suggest': () => ({ mode: 'diverse', unlabelled: 120, items: [{ imageId: 5, score: null }, { imageId: 9, score: null }] }),
    'learn.suspects': () => ({
      checked: 40,
      items: [{ imageId: 12, given: 'budaya', predicted: 'arsitektur', givenName: 'Budaya', predictedName: 'Arsitektur', givenProbability: 0.05, predictedProbability: 0.91 }],
    }),
    'image.thumbnail': () => ({ mime: 'image/webp', base64: 'AAAA' }),
    // an upgraded catalogue (with old-feature versions) still holds their vectors
    'embeddings.stale': () => {
      const backbones = [...new Set(older.map((v) => v.backbone))].map((backbone) => ({ backbone, vectors: 80, bytes: 409_600 }));
      return { backbones, vectors: 80 * backbones.length, bytes: 409_600 * backbones.length, catalogueBytes: 5_000_000 };
    },
    ...overrides,
  };
  const client = {
    transport: 'http',
    shell,
    call: async (name: string, input: Record<string, unknown>) => {
      calls.push({ name, input });
      return answers[name](input);
    },
    onEvent: (l: (e: CantingEvent) => void) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    },
  } as unknown as Client;
  return { client, calls, emit: (e: CantingEvent) => [...listeners].forEach((l) => l(e)) };
}

const epoch = (n: number): EpochLog => ({ epoch: n, loss: 1 / n, accuracy: 0.5 + n / 100, valLoss: 1.1 / n, valAccuracy: 0.4 + n / 100, learningRate: 0.01 });
const job = (over: Partial<JobStatus>): JobStatus => ({ ...startingJob('train-1', 'train', 'Train tema', 60), done: 1, startedAt: '', ...over }) as JobStatus;

function renderPanel(client: Client, language: 'id' | 'en' = 'en') {
  return render(
    <I18nextProvider i18n={initI18n(language)}>
      <ClientContext.Provider value={client}>
        <ModelsPanel />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
}

describe('ModelsPanel', () => {
  it('marks a version trained on an earlier release\'s features and offers no Activate for it', async () => {
    const old = { ...version(3, false), backbone: 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear', runnable: false, pipeline: null, pipelineIsCurrent: false };
    const { client } = fakeClient(null, 'wasm', [old]);
    renderPanel(client, 'id');
    const row = await screen.findByTestId('learn-version-tema-v3');
    expect(row.textContent).toContain('fitur lama');
    expect(row.querySelector('[data-testid="learn-outdated"]')?.getAttribute('title')).toContain('mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear');
    expect(screen.queryByTestId('learn-activate-tema-v3')).toBeNull();
    // a working inactive version keeps its button
    expect(screen.getByTestId('learn-activate-tema-v2')).toBeTruthy();
    // the panel offers to delete the old features' vectors
    expect(screen.getByTestId('learn-panel').querySelector('[data-testid="stale-embeddings"]')?.textContent).toContain('80 vektor fitur lama (0.4 MB)');
  });

  it('names each version’s pipeline and flags one the catalogue no longer uses, in the list and the comparison', async () => {
    const inception = { ...version(3, false), pipeline: { id: 'inception_v3-nsfwjs-4.4.0-mixed7+mixed10-meanstd-bilinear', name: 'InceptionV3' }, pipelineIsCurrent: false };
    const { client } = fakeClient(null, 'wasm', [inception]);
    renderPanel(client, 'id');
    const row = await screen.findByTestId('learn-version-tema-v3');
    expect(row.querySelector('[data-testid="learn-pipeline"]')?.textContent).toBe('InceptionV3');
    expect(row.querySelector('[data-testid="learn-pipeline-needs"]')?.textContent).toBe('perlu fitur InceptionV3: kembalikan alurnya atau latih ulang');
    // versions of the catalogue's pipeline say which it is, and need nothing
    const current = screen.getByTestId('learn-version-tema-v1');
    expect(current.querySelector('[data-testid="learn-pipeline"]')?.textContent).toBe('MobileNetV2');
    expect(current.querySelector('[data-testid="learn-pipeline-needs"]')).toBeNull();
    const options = [...(screen.getByTestId('learn-compare-a') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(options).toContain('tema-v3 · InceptionV3 (perlu fitur InceptionV3: kembalikan alurnya atau latih ulang)');
    expect(options).toContain('tema-v1 · MobileNetV2');
  });

  it('shows a training that ended before the Train call answered, with its result and full history', async () => {
    const result = { version: version(3, false), history: [epoch(1), epoch(2)], bestEpoch: 2, stoppedEarly: false, seconds: 2, augmentedViews: 0, fineTuned: false, notes: [] };
    const fake = fakeClient(null, 'wasm', [], facets, {
      'learn.train': () => {
        // A short run: its last event comes before the answer naming its id.
        fake.emit({ type: 'job', job: job({ state: 'done', done: 2, found: 2, etaSeconds: 0, result }) });
        return { jobId: 'train-1', images: 40, perLabel: {} };
      },
    });
    renderPanel(fake.client);
    await screen.findByTestId('learn-version-tema-v1');
    await act(async () => fireEvent.click(screen.getByTestId('learn-train')));
    expect(screen.getByTestId('learn-result').textContent).toContain('tema-v3');
    expect(screen.getByTestId('learn-chart').getAttribute('data-epochs')).toBe('2');
  });

  it('trains with a live chart and cancel, lists versions, activates, rolls back and compares', async () => {
    const { client, calls, emit } = fakeClient();
    renderPanel(client);
    const v1 = await screen.findByTestId('learn-version-tema-v1');
    expect(v1.textContent).toContain('(active)');
    expect(screen.getByTestId('learn-version-tema-v2').textContent).toContain('82.0%');
    // the fine-tuned version says so; the head-only one does not
    expect(screen.getByTestId('learn-version-tema-v2').textContent).toContain('top block fine-tuned');
    expect(screen.getByTestId('learn-version-tema-v1').textContent).not.toContain('fine-tuned');
    // no old-feature versions, no old vectors: no notice
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();

    await act(async () => fireEvent.click(screen.getByTestId('learn-train')));
    expect(calls.find((c) => c.name === 'learn.train')?.input).toEqual({ facet: 'tema', augment: true });
    act(() => emit({ type: 'job', job: job({ epoch: epoch(1), message: formatEpochMessage(epoch(1), 60) }) }));
    act(() => emit({ type: 'job', job: job({ done: 3, epoch: epoch(3), message: formatEpochMessage(epoch(3), 60) }) }));
    expect(screen.getByTestId('learn-chart').getAttribute('data-epochs')).toBe('2');
    expect(screen.getByTestId('learn-status').textContent).toContain('epoch 3/60');
    await act(async () => fireEvent.click(screen.getByTestId('learn-cancel')));
    expect(calls.at(-1)).toEqual({ name: 'jobs.cancel', input: { id: 'train-1' } });
    act(() => emit({ type: 'job', job: job({ state: 'cancelled', message: 'Training cancelled; the model registry is unchanged' }) }));
    expect(screen.getByTestId('learn-status').textContent).toContain('the model list is unchanged');

    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-tema-v2')));
    // Nothing is activated before the user has seen what it would change.
    expect(calls.find((c) => c.name === 'registry.activate')).toBeUndefined();
    expect(screen.getByTestId('learn-check-shift').textContent).toBe(
      'tema-v2 changes 41% of the labels of unreviewed images (205 of 500): Budaya → Arsitektur 120, Arsitektur → Budaya 85',
    );
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-confirm')));
    expect(calls.find((c) => c.name === 'registry.activate')?.input).toEqual({ id: 2 });
    expect(screen.queryByTestId('learn-activation-check')).toBeNull();
    expect((await screen.findByTestId('learn-version-tema-v2')).textContent).toContain('(active)');
    await act(async () => fireEvent.click(screen.getByTestId('learn-rollback')));
    expect(calls.find((c) => c.name === 'registry.rollback')?.input).toEqual({ facet: 'tema' });

    fireEvent.change(screen.getByTestId('learn-compare-a'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('learn-compare-b'), { target: { value: '1' } });
    await act(async () => fireEvent.click(screen.getByTestId('learn-compare')));
    expect(screen.getByTestId('learn-comparison').textContent).toContain(
      'On the same 8 images: tema-v2 75.0% · 6/8 · 95% interval 40.9%–92.9%; tema-v1 50.0% · 4/8 · 95% interval 21.5%–78.5%; they disagree on 1.',
    );
    // Label names and a thumbnail, not keys and ids.
    const disagreement = screen.getByTestId('learn-disagreements').querySelector('li')!;
    expect(disagreement.textContent).toBe('Labelled Budaya: A says Budaya, B says Arsitektur');
    expect(disagreement.querySelector('img')?.getAttribute('alt')).toBe('Budaya');
    expect(screen.getByTestId('learn-comparison').querySelector('.learn-confusion th + th')?.textContent).toBe('Arsitektur');
    // What it was measured on, and how far chance explains the difference, in the interface language.
    expect(screen.getByTestId('learn-compare-basis').textContent).toBe(
      'Images held out for validation by either version and used to train neither, with their current reviewed labels. tema-v1 did not record which images trained it: if these were among them, its score here is optimistic.',
    );
    expect(screen.getByTestId('learn-compare-chance').textContent).toContain('easily happens by chance (McNemar test, p = 0.625)');
  });

  it('shows each version on the evaluation set with n and interval, and warns before activating a worse one (Bahasa Indonesia)', async () => {
    const { client, calls } = fakeClient(null, 'wasm', [], [{ ...facets[0], labels: [{ id: 1, key: 'arsitektur', name: 'Arsitektur', position: 1 }, { id: 2, key: 'budaya', name: 'Budaya', position: 2 }] }]);
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    expect(screen.getByTestId('learn-eval-set').textContent).toBe(
      'Set evaluasi: 124 gambar tinjauan yang tidak pernah dipakai untuk pelatihan (Arsitektur 62, Budaya 62). Setiap versi, termasuk model bawaan, diukur pada gambar yang sama ini.',
    );
    // The newer version's own validation split flatters it; the evaluation set does not.
    expect(screen.getByTestId('learn-eval-tema-v2').textContent).toBe('52,4 % · 65/124 · interval 95 % 43,7 %–61,0 %');
    expect(screen.getByTestId('learn-eval-tema-v1').textContent).toBe('80,7 % · 100/124 · interval 95 % 72,8 %–86,6 %');
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-tema-v2')));
    const box = screen.getByTestId('learn-activation-check');
    expect(box.textContent).toContain('Sebelum mengaktifkan tema-v2');
    expect(screen.getByTestId('learn-check-evaluation').textContent).toBe('Pada set evaluasi: 52,4 % · 65/124 · interval 95 % 43,7 %–61,0 %');
    expect(screen.getByTestId('learn-check-shift').textContent).toBe(
      'tema-v2 mengubah 41% label gambar yang belum ditinjau (205 dari 500): Budaya → Arsitektur 120, Arsitektur → Budaya 85',
    );
    expect(screen.getByTestId('learn-check-worse').textContent).toBe('Peringatan: tema-v2 lebih buruk daripada tema-v1 yang aktif pada set evaluasi.');
    expect(screen.getByTestId('learn-check-imbalance').textContent).toBe(
      'Peringatan: Budaya hanya 3,8 % dari label pelatihannya, padahal sekitar 50,0 % dari katalog: label ini akan jarang diprediksi.',
    );
    expect(screen.getByTestId('learn-activate-confirm').textContent).toBe('Tetap aktifkan');
    // of the catalogue's pipeline: no word about pipelines
    expect(screen.queryByTestId('learn-check-pipeline')).toBeNull();
    // Cancelling activates nothing.
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-cancel')));
    expect(screen.queryByTestId('learn-activation-check')).toBeNull();
    expect(calls.some((c) => c.name === 'registry.activate')).toBe(false);
  });

  it('warns before activating a version of another pipeline that it could not classify, and how to get back', async () => {
    const { client } = fakeClient(null, 'wasm', [], facets, {
      'registry.activationCheck': () => ({ ...activationCheck('tema-v2'), imbalance: [], pipeline: { needs: 'InceptionV3', catalogue: 'MobileNetV2' }, warnings: ['pipeline'] }),
    });
    renderPanel(client, 'id');
    const activate = await screen.findByTestId('learn-activate-tema-v2');
    await act(async () => fireEvent.click(activate));
    expect(screen.getByTestId('learn-check-pipeline').textContent).toBe(
      'Peringatan: tema-v2 perlu fitur InceptionV3, tetapi katalog ini memakai MobileNetV2: setelah diaktifkan ia tidak bisa mengklasifikasi sampai alurnya dikembalikan (Alur fitur → Gunakan pada InceptionV3) atau versi baru dilatih dengan MobileNetV2.',
    );
    expect(screen.getByTestId('learn-activate-confirm').textContent).toBe('Tetap aktifkan');
  });

  it('says on how many images a new version’s validation accuracy was measured, with its interval', async () => {
    const { client, emit } = fakeClient();
    renderPanel(client);
    await screen.findByTestId('learn-version-tema-v1');
    await act(async () => fireEvent.click(screen.getByTestId('learn-train')));
    const trained = { ...version(3, false), accuracy: 0.9, metrics: { accuracy: 0.9, validationImages: 10 } };
    const result = { version: trained, history: [epoch(1)], bestEpoch: 1, stoppedEarly: false, seconds: 2, augmentedViews: 0, fineTuned: false, notes: [] };
    act(() => emit({ type: 'job', job: job({ state: 'done', result }) }));
    expect(screen.getByTestId('learn-result').textContent).toContain('validation accuracy 90.0% · 9/10 · 95% interval 59.6%–98.2%');
  });

  it('marks a version new and untested when the facet has no evaluation image for it', async () => {
    const { client } = fakeClient(null, 'wasm', [], facets, {
      'registry.evaluation': () => ({ ...evaluation, images: 0, perLabel: { arsitektur: 0, budaya: 0 }, versions: evaluation.versions.map((v) => ({ ...v, images: 0, correct: 0, accuracy: null, interval: null })) }),
    });
    renderPanel(client);
    const row = await screen.findByTestId('learn-version-tema-v2');
    await waitFor(() => expect(row.querySelector('[data-testid="learn-untested"]')?.textContent).toBe('untested here'));
    expect(screen.getByTestId('learn-eval-set').textContent).toBe(
      'No evaluation set yet: once a label has 10 reviewed images, about 20% of them (at least 3) are kept apart from training to test every version on.',
    );
    expect(screen.getByTestId('learn-eval-tema-v2').textContent).toBe('—');
  });

  it('shows a training’s progress and the time left: augmented views, then epochs (a most, as it may stop sooner)', async () => {
    const { client, emit } = fakeClient();
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    await act(async () => fireEvent.click(screen.getByTestId('learn-train')));
    // starting the backbone: nothing counted yet, no bar
    act(() => emit({ type: 'job', job: job({ done: 0, found: 0, messageKey: 'augmentingStart', message: 'augmenting' }) }));
    expect(screen.queryByTestId('learn-progress')).toBeNull();
    act(() =>
      emit({ type: 'job', job: job({ done: 600, found: 2408, etaSeconds: 55.4, ratePerSecond: 32.5, messageKey: 'augmenting', params: { done: 600, total: 2408 }, message: 'augmenting 600/2408' }) }),
    );
    expect(screen.getByTestId('learn-status').textContent).toBe('Membuat tampilan augmentasi 600/2408');
    expect(screen.getByTestId('learn-progress').textContent).toContain('600 / 2408 tampilan augmentasi');
    expect(screen.getByTestId('learn-eta').textContent).toContain('sekitar 55 detik lagi');
    expect(screen.getByTestId('learn-progress').querySelector('progress')?.getAttribute('max')).toBe('2408');
    act(() =>
      emit({ type: 'job', job: job({ done: 12, found: 60, etaSeconds: 9.6, messageKey: 'trainingEpoch', params: { epoch: 12, max: 60 }, epoch: epoch(12), message: formatEpochMessage(epoch(12), 60) }) }),
    );
    expect(screen.getByTestId('learn-status').textContent).toBe('Melatih: epoch 12 dari paling banyak 60');
    expect(screen.getByTestId('learn-progress').textContent).toContain('epoch 12 / 60');
    expect(screen.getByTestId('learn-eta').textContent).toContain('paling lama sekitar 10 detik lagi');
    // the chart still reads the epoch from the message
    expect(screen.getByTestId('learn-chart').getAttribute('data-epochs')).toBe('1');
    // The training's notes come as keys and values: worded in Indonesian, not the core's English.
    const notes: TrainNote[] = [
      { message: 'left out the 5 reviewed image(s) of the evaluation set', messageKey: 'evaluationLeftOut', params: { count: 5 } },
      { message: 'fine-tuning skipped: no backbone available here; only the head was trained', messageKey: 'fineTuneNoBackbone', params: {} },
    ];
    const result = { version: version(3, false), history: [epoch(1)], bestEpoch: 1, stoppedEarly: false, seconds: 2, augmentedViews: 0, fineTuned: false, notes };
    act(() => emit({ type: 'job', job: job({ state: 'done', done: 30, found: 30, etaSeconds: 0, message: 'trained tema-v3', result }) }));
    expect(screen.queryByTestId('learn-progress')).toBeNull();
    const shown = screen.getByTestId('learn-result').textContent;
    expect(shown).toContain('tidak diikutkan: 5 gambar tertinjau dari set evaluasi');
    expect(shown).toContain('penyetelan halus dilewati: tidak ada backbone di sini');
    expect(shown).not.toContain('left out');
  });

  it('creates an archive’s own facet from its names and labels (key from the Indonesian name), adds a label, and shows the core’s refusal', async () => {
    const { client, calls } = fakeClient();
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    const create = screen.getByTestId('facet-create') as HTMLButtonElement;
    fireEvent.change(screen.getByTestId('facet-name-id'), { target: { value: 'Asal Daerah' } });
    fireEvent.change(screen.getByTestId('facet-name-en'), { target: { value: 'Origin' } });
    fireEvent.change(screen.getByTestId('facet-labels'), { target: { value: 'Solo\n\n Cirebon \n' } });
    expect((screen.getByTestId('facet-key') as HTMLInputElement).value).toBe('asal-daerah');
    expect(create.disabled).toBe(false);
    await act(async () => fireEvent.click(create));
    expect(calls.find((c) => c.name === 'facet.create')?.input).toEqual({ key: 'asal-daerah', nameId: 'Asal Daerah', nameEn: 'Origin', labels: ['Solo', 'Cirebon'] });
    expect(screen.getByTestId('learn-facets-done').textContent).toBe('Faset "Asal Daerah" dibuat dengan 2 label. Pilih faset ini di Tinjauan untuk mulai memberi label.');
    // the panel turns to the new facet
    await waitFor(() => expect(calls.some((c) => c.name === 'registry.versions' && (c.input as { facet: string }).facet === 'asal-daerah')).toBe(true));

    // one label is not a facet; the same label twice is refused by the core, and its words are shown
    fireEvent.change(screen.getByTestId('facet-name-id'), { target: { value: 'Teknik' } });
    fireEvent.change(screen.getByTestId('facet-name-en'), { target: { value: 'Technique' } });
    fireEvent.change(screen.getByTestId('facet-labels'), { target: { value: 'Cap' } });
    expect(create.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('facet-labels'), { target: { value: 'Cap\nCap' } });
    await act(async () => fireEvent.click(create));
    expect(screen.getByTestId('learn-facets-error').textContent).toBe('"Cap" dan "Cap" adalah label yang sama');

    fireEvent.change(screen.getByTestId('learn-add-label-tema'), { target: { value: 'Maritim' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Tambah label' })));
    expect(calls.find((c) => c.name === 'facet.addLabel')?.input).toEqual({ facet: 'tema', name: 'Maritim' });
  });

  it('explains the facet-key rule in the interface language when a typed key breaks it, and sends nothing', async () => {
    const { client, calls } = fakeClient();
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    fireEvent.change(screen.getByTestId('facet-name-id'), { target: { value: 'Teknik' } });
    fireEvent.change(screen.getByTestId('facet-name-en'), { target: { value: 'Technique' } });
    fireEvent.change(screen.getByTestId('facet-labels'), { target: { value: 'Cap\nTulis' } });
    fireEvent.change(screen.getByTestId('facet-key'), { target: { value: 'Teknik Batik' } });
    await act(async () => fireEvent.click(screen.getByTestId('facet-create')));
    expect(screen.getByTestId('learn-facets-error').textContent).toBe(
      'Kunci "Teknik Batik" tidak dapat dipakai: kunci diawali huruf kecil, lalu hanya berisi huruf kecil (a–z), angka, - atau _, paling panjang 64 karakter.',
    );
    expect(calls.some((c) => c.name === 'facet.create')).toBe(false);
  });

  it('renames a label of a facet, chosen from its labels', async () => {
    const { client, calls } = fakeClient(null, 'wasm', [], [{ id: 1, key: 'tema', nameId: 'Tema', nameEn: 'Theme', activeModel: null, labels: [{ id: 3, key: 'fauna', name: 'Fawna', position: 3 }] }]);
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    const button = screen.getByRole('button', { name: 'Ganti nama' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.change(await screen.findByTestId('learn-rename-which-tema'), { target: { value: 'fauna' } });
    fireEvent.change(screen.getByTestId('learn-rename-to-tema'), { target: { value: 'Fauna' } });
    await act(async () => fireEvent.click(button));
    expect(calls.find((c) => c.name === 'facet.renameLabel')?.input).toEqual({ facet: 'tema', label: 'fauna', name: 'Fauna' });
  });

  it('words a comparison in Bahasa Indonesia, and asks for the report in the interface language', async () => {
    const { client, calls } = fakeClient();
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    fireEvent.change(screen.getByTestId('learn-compare-a'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('learn-compare-b'), { target: { value: '1' } });
    await act(async () => fireEvent.click(screen.getByTestId('learn-compare')));
    expect(screen.getByTestId('learn-compare-basis').textContent).toContain('Gambar yang disisihkan untuk validasi');
    expect(screen.getByTestId('learn-compare-chance').textContent).toContain('Belum ada bukti bahwa salah satunya lebih baik');
    // jsdom has no blob URLs or windows; the call is what matters here.
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:report', revokeObjectURL: () => undefined }));
    vi.spyOn(window, 'open').mockReturnValue(null);
    const report = screen.getAllByRole('button').filter((b) => b.textContent === 'Laporan');
    expect(report.length).toBeGreaterThan(0);
    await act(async () => fireEvent.click(report[0]));
    expect(calls.find((c) => c.name === 'registry.report')?.input).toMatchObject({ language: 'id' });
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('offers fine-tuning the backbone top block only where tfjs-node runs, and says why not elsewhere', async () => {
    const wasm = fakeClient();
    renderPanel(wasm.client);
    await screen.findByTestId('learn-version-tema-v1');
    expect(screen.queryByTestId('learn-fine-tune')).toBeNull();
    expect(screen.getByTestId('learn-hint').textContent).toContain('fine-tuning needs tfjs-node');
    cleanup();

    const native = fakeClient(null, 'tensorflow');
    renderPanel(native.client, 'id');
    const box = await screen.findByTestId('learn-fine-tune');
    expect(box.parentElement?.textContent).toContain('Fine-tune juga blok teratas backbone');
    fireEvent.click(box);
    await act(async () => fireEvent.click(screen.getByTestId('learn-train')));
    expect(native.calls.find((c) => c.name === 'learn.train')?.input).toEqual({ facet: 'tema', augment: true, fineTune: true });
  });

  it('opens the items two versions disagree on in the review grid, in their order', async () => {
    const { client } = fakeClient();
    const opened: GridList[] = [];
    const ui = (open: ((l: GridList) => void) | null) => (
      <I18nextProvider i18n={initI18n('id')}>
        <ClientContext.Provider value={client}>
          <OpenInGridContext.Provider value={open}>
            <ModelsPanel />
          </OpenInGridContext.Provider>
        </ClientContext.Provider>
      </I18nextProvider>
    );
    const { rerender } = render(ui((l) => opened.push(l)));
    await screen.findByTestId('learn-version-tema-v1');
    fireEvent.change(screen.getByTestId('learn-compare-a'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('learn-compare-b'), { target: { value: '1' } });
    await act(async () => fireEvent.click(screen.getByTestId('learn-compare')));
    const open = screen.getByTestId('learn-disagreements-open');
    expect(open.textContent).toBe('Buka di kisi tinjauan');
    fireEvent.click(open);
    expect(opened).toEqual([{ kind: 'disagreements', facet: 'tema', ids: [17], detail: { a: 'tema-v2', b: 'tema-v1' } }]);
    // rendered on its own, without an app to open the grid, the panel offers no such button
    rerender(ui(null));
    expect(screen.queryByTestId('learn-disagreements-open')).toBeNull();
    expect(screen.getByTestId('learn-disagreements').textContent).toContain('Berlabel Budaya: A: Budaya, B: Arsitektur');
  });

  it('opens the suggested images in the review grid, in their order, instead of listing bare ids', async () => {
    const { client } = fakeClient();
    const opened: GridList[] = [];
    render(
      <I18nextProvider i18n={initI18n('id')}>
        <ClientContext.Provider value={client}>
          <OpenInGridContext.Provider value={(l) => opened.push(l)}>
            <ModelsPanel />
          </OpenInGridContext.Provider>
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    await act(async () => fireEvent.click(await screen.findByTestId('learn-suggest')));
    expect(screen.getByTestId('learn-suggestions').textContent).not.toMatch(/#\d/);
    fireEvent.click(screen.getByTestId('learn-suggestions-open'));
    expect(opened).toEqual([{ kind: 'suggested', facet: 'tema', ids: [5, 9], detail: { mode: 'diverse', unlabelled: 120 } }]);
  });

  it('lists suggested next images and suspect labels with thumbnails', async () => {
    const { client } = fakeClient();
    renderPanel(client);
    await act(async () => fireEvent.click(await screen.findByTestId('learn-suggest')));
    expect(screen.getByTestId('learn-suggestions').textContent).toContain('2 typical images of parts not labelled yet (of 120 unlabelled)');
    await act(async () => fireEvent.click(screen.getByTestId('learn-suspects')));
    const list = screen.getByTestId('learn-suspect-list');
    expect(list.querySelector('li')?.textContent).toBe('labelled Budaya, a model that never saw it says Arsitektur (91%)');
    await waitFor(() => expect(list.querySelector('img')?.getAttribute('src')).toBe('data:image/webp;base64,AAAA'));
    expect(list.querySelector('img')?.getAttribute('alt')).toBe('Budaya');
  });

  it('says what it is doing while suspect labels or suggestions are searched, and stops saying it when done', async () => {
    let answer!: (v: unknown) => void;
    const pending = () => new Promise((r) => (answer = r));
    const { client } = fakeClient(null, 'wasm', [], facets, { 'learn.suspects': pending, 'learn.suggest': pending });
    renderPanel(client, 'id');
    await act(async () => fireEvent.click(await screen.findByTestId('learn-suspects')));
    expect(screen.getByTestId('learn-assist-busy').textContent).toBe('Memeriksa label yang sudah ditinjau dengan model yang belum pernah melihatnya…');
    expect((screen.getByTestId('learn-suggest') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => answer({ checked: 40, items: [] }));
    expect(screen.queryByTestId('learn-assist-busy')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('learn-suggest')));
    expect(screen.getByTestId('learn-assist-busy').textContent).toBe('Mencari gambar yang paling berguna untuk dilabeli…');
    await act(async () => answer({ mode: 'diverse', unlabelled: 120, items: [] }));
    expect(screen.queryByTestId('learn-assist-busy')).toBeNull();
  });

  it('imports a converted head with the labels typed in output order, and shows the API’s error as it is', async () => {
    const pickFolders = vi.fn(async () => ['/heads/lab']);
    const { client, calls } = fakeClient({ pickFolders });
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    expect(screen.getByText('Label (urutan keluaran), dipisah koma')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByTestId('learn-import')));
    expect(calls.filter((c) => c.name === 'registry.import').at(-1)?.input).toEqual({ facet: 'tema', folder: '/heads/lab' });
    expect(screen.getByTestId('learn-error').textContent).toBe(NO_MANIFEST);

    fireEvent.change(screen.getByTestId('learn-import-labels'), { target: { value: ' arsitektur, budaya ,fauna,flora, ' } });
    await act(async () => fireEvent.click(screen.getByTestId('learn-import')));
    expect(pickFolders).toHaveBeenCalledTimes(2);
    expect(calls.filter((c) => c.name === 'registry.import').at(-1)?.input).toEqual({
      facet: 'tema',
      folder: '/heads/lab',
      labels: ['arsitektur', 'budaya', 'fauna', 'flora'],
    });
    expect(screen.queryByTestId('learn-error')).toBeNull();
  });

  it('says, for a facet without versions, that its first model is trained by itself, with each label’s progress', async () => {
    const status = fakeFirstModel({
      labels: [
        { key: 'arsitektur', name: 'Arsitektur', reviewed: 2 },
        { key: 'budaya', name: 'Budaya', reviewed: 9 },
      ],
    });
    const { client } = fakeClient(null, 'wasm', [], facets, { 'registry.versions': () => [], 'learn.firstModel': () => status });
    renderPanel(client, 'id');
    await waitFor(() => expect(screen.getByTestId('learn-no-versions').textContent).toContain('Arsitektur 2/5 · Budaya 5/5 ✓'));
    expect(screen.getByTestId('learn-no-versions').textContent).toContain(
      'Model pertama dilatih otomatis begitu setiap label punya 5 contoh yang ditinjau:',
    );
  });

  it('clears an error of one facet when another facet is chosen', async () => {
    const twoFacets = [...facets, { id: 2, key: 'motif', nameId: 'Motif', nameEn: 'Motif', labels: [], activeModel: 'motif-v1' }];
    const { client, calls } = fakeClient(null, 'wasm', [], twoFacets, {
      'learn.train': () => {
        throw new Error('Too few distinct images to hold out a validation set');
      },
    });
    renderPanel(client);
    await screen.findByTestId('learn-version-tema-v1');
    await act(async () => fireEvent.click(screen.getByTestId('learn-train')));
    expect(screen.getByTestId('learn-error').textContent).toContain('Too few distinct images');
    await screen.findByRole('option', { name: 'Motif' });
    await act(async () => fireEvent.change(screen.getByTestId('learn-facet'), { target: { value: 'motif' } }));
    await waitFor(() => expect(calls.filter((c) => c.name === 'registry.versions').at(-1)?.input).toEqual({ facet: 'motif' }));
    expect(screen.queryByTestId('learn-error')).toBeNull();
  });

  it('offers Train only when every label has enough reviewed examples, and says which are short', async () => {
    const short = fakeFirstModel({
      hasModel: true,
      labels: [
        { key: 'arsitektur', name: 'Arsitektur', reviewed: 0 },
        { key: 'budaya', name: 'Budaya', reviewed: 7 },
      ],
    });
    const { client, calls } = fakeClient(null, 'wasm', [], facets, { 'learn.firstModel': () => short });
    renderPanel(client, 'id');
    const blocked = await screen.findByTestId('learn-train-blocked');
    expect(blocked.textContent).toBe(
      'Pelatihan memerlukan sedikitnya 5 contoh yang ditinjau (dikoreksi atau divalidasi) untuk setiap label. Arsitektur 0/5 · Budaya 5/5 ✓',
    );
    const train = screen.getByTestId('learn-train') as HTMLButtonElement;
    expect(train.disabled).toBe(true);
    // the greyed-out button itself says why (its title)
    expect(train.title).toBe('Pelatihan memerlukan sedikitnya 5 contoh yang ditinjau (dikoreksi atau divalidasi) untuk setiap label.');
    fireEvent.click(train);
    expect(calls.some((c) => c.name === 'learn.train')).toBe(false);
  });

  it('after an activation, offers to classify the images the newly active version has not classified', async () => {
    const { client, calls } = fakeClient(null, 'wasm', [], facets, {
      // tema-v2 has classified none of the 500 images: the grid now shows them as not predicted.
      'classify.status': (i) => ({ facet: i.facet, modelVersion: 'tema-v2', images: 500, predicted: 0, unavailable: null }),
      'classify.start': () => ({ jobId: 'classify-1' }),
    });
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    expect(screen.queryByTestId('learn-classify-next')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-tema-v2')));
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-confirm')));
    const offer = await screen.findByTestId('import-classify-tema');
    expect(offer.textContent).toContain('500');
    await act(async () => fireEvent.click(offer));
    expect(calls.find((c) => c.name === 'classify.start')?.input).toEqual({ facet: 'tema', onlyUnpredicted: true });
  });

  it('says plainly when there is no unreviewed image whose label could change', async () => {
    const { client } = fakeClient(null, 'wasm', [], facets, {
      'registry.activationCheck': () => ({ ...activationCheck('tema-v2'), shift: { images: 0, changed: 0, transitions: [] } }),
    });
    renderPanel(client, 'id');
    await screen.findByTestId('learn-version-tema-v1');
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-tema-v2')));
    expect(screen.getByTestId('learn-check-shift').textContent).toBe('Semua gambar sudah ditinjau: tidak ada label yang belum ditinjau yang akan berubah.');
  });

  it('offers a roll-back only when there is an earlier active version, naming it', async () => {
    const { client } = fakeClient();
    renderPanel(client);
    await screen.findByTestId('learn-version-tema-v1');
    // tema-v1 is the only version ever active: nothing to go back to
    const rollback = () => screen.getByTestId('learn-rollback') as HTMLButtonElement;
    expect(rollback().disabled).toBe(true);
    expect(rollback().title).toBe('There is no earlier active version to go back to');
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-tema-v2')));
    await act(async () => fireEvent.click(screen.getByTestId('learn-activate-confirm')));
    await waitFor(() => expect(rollback().disabled).toBe(false));
    expect(rollback().title).toBe('Go back to tema-v1');
  });

  it('uses the finished job’s full history, replacing the throttled one', () => {
    const partial = [epoch(1), epoch(4)];
    const full = [1, 2, 3, 4, 5].map(epoch);
    expect(nextHistory(partial, job({ state: 'done', result: { version: version(3, false), history: full, bestEpoch: 5, stoppedEarly: false, seconds: 2, augmentedViews: 0, fineTuned: false, notes: [] } }))).toEqual(full);
    expect(nextHistory(partial, job({ epoch: epoch(2), message: formatEpochMessage(epoch(2), 60) })).map((h) => h.epoch)).toEqual([1, 2, 4]);
    expect(nextHistory(partial, job({ message: 'augmenting 3/40' }))).toBe(partial);
  });

  it('charts the epoch numbers the job carries, whatever its message says (no text parsed back)', () => {
    const partial = [epoch(1)];
    // A message worded differently (another language, a new format) changes nothing: the numbers are data.
    expect(nextHistory(partial, job({ epoch: epoch(2), message: 'epoch 2 dari 60' }))).toEqual([epoch(1), epoch(2)]);
    // And text that looks like an epoch is not taken for one.
    expect(nextHistory(partial, job({ message: formatEpochMessage(epoch(3), 60) }))).toBe(partial);
  });
});
