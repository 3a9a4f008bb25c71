// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { CantingEvent, JobStatus } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import type { Client } from '../../../renderer/src/api/client.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { ClassifyPanel } from '../../../renderer/src/features/classify/ClassifyPanel.js';
import { answeringClient } from '../fakeClient.js';
import type { Role } from '../../../electron/common/contract/index.js';
import { allowedCalls } from '../../../electron/common/contract/permissions.js';
import { TeamContext, type Me } from '../../../renderer/src/features/team/team.js';

afterEach(cleanup);

const facets = [
  { id: 1, key: 'tema', nameId: 'Tema', nameEn: 'Theme', labels: [], activeModel: null },
  { id: 2, key: 'motif', nameId: 'Motif', nameEn: 'Motif', labels: [], activeModel: 'motif-irina4-v2' },
];

function fakeClient() {
  const calls: { name: string; input: unknown }[] = [];
  const listeners: ((e: CantingEvent) => void)[] = [];
  const answers: Record<string, (input: { facet?: string }) => unknown> = {
    'facet.list': () => facets,
    'classify.backend': () => ({
      name: 'wasm',
      detail: 'wasm (SIMD, 1 thread)',
      skipped: ["onnxruntime: Cannot find package 'onnxruntime-node'", 'tensorflow: not installed'],
      order: ['onnxruntime', 'tensorflow', 'wasm', 'cpu'],
    }),
    'classify.status': (i) =>
      i.facet === 'tema'
        ? { facet: 'tema', modelVersion: null, unavailable: "no model for tema yet; train one from validators' labels", images: 10, predicted: 0 }
        : { facet: 'motif', modelVersion: 'motif-irina4-v2', unavailable: null, images: 10, predicted: 4 },
    'classify.start': () => ({ jobId: 'classify-1', total: 10, modelVersion: 'motif-irina4-v2' }),
    'jobs.cancel': () => ({}),
  };
  const client = {
    transport: 'http',
    shell: null,
    call: async (name: string, input: { facet?: string }) => {
      calls.push({ name, input });
      return answers[name](input);
    },
    onEvent: (l: (e: CantingEvent) => void) => {
      listeners.push(l);
      return () => undefined;
    },
  } as unknown as Client;
  return { client, calls, emit: (e: CantingEvent) => listeners.forEach((l) => l(e)) };
}

const job = (over: Partial<JobStatus>): JobStatus => ({
  id: 'classify-1',
  kind: 'classify',
  state: 'running',
  title: 't',
  found: 10,
  done: 3,
  skipped: 0,
  failed: 1,
  ratePerSecond: 12.5,
  etaSeconds: 1,
  message: null,
  startedAt: '',
  finishedAt: null,
  ...over,
}) as JobStatus;

describe('ClassifyPanel', () => {
  it('shows the engine, starts a run, follows progress, stops it, and says plainly when a facet has no model', async () => {
    const { client, calls, emit } = fakeClient();
    render(
      <I18nextProvider i18n={initI18n('en')}>
        <ClientContext.Provider value={client}>
          <ClassifyPanel />
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    expect((await screen.findByTestId('classify-backend')).textContent).toContain('wasm (SIMD, 1 thread)');
    // The engine order for the pipeline, and why each better engine was skipped.
    const engines = screen.getByTestId('classify-engines');
    expect(engines.querySelector('p')!.textContent).toBe(
      'Engines tried, in order: ONNX Runtime (CPU) → native TensorFlow (tfjs-node) → WebAssembly (tfjs) → plain JavaScript (tfjs, slowest)',
    );
    expect(Array.from(engines.querySelectorAll('li'), (li) => li.textContent)).toEqual([
      "ONNX Runtime (CPU) skipped: Cannot find package 'onnxruntime-node'",
      'native TensorFlow (tfjs-node) skipped: not installed',
    ]);
    expect((await screen.findByTestId('classify-status')).textContent).toContain('4 of 10 images classified');

    await act(async () => fireEvent.click(screen.getByTestId('classify-continue')));
    expect(calls.find((c) => c.name === 'classify.start')?.input).toEqual({ facet: 'motif', onlyUnpredicted: true });
    act(() => emit({ type: 'job', job: job({}) }));
    expect(screen.getByTestId('classify-progress').textContent).toContain('4 / 10 · 12.5 images/s');
    expect(screen.getByTestId('classify-progress').textContent).toContain('1 failed');
    await act(async () => fireEvent.click(screen.getByTestId('classify-cancel')));
    expect(calls.at(-1)).toEqual({ name: 'jobs.cancel', input: { id: 'classify-1' } });
    act(() => emit({ type: 'job', job: job({ state: 'cancelled' }) }));
    expect(screen.getByTestId('classify-progress').textContent).toContain('Finished images are kept');

    await act(async () => fireEvent.change(screen.getByTestId('classify-facet'), { target: { value: 'tema' } }));
    // Facets are named in the interface language (English here).
    expect([...screen.getByTestId('classify-facet').querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Theme', 'Motif']);
    expect((await screen.findByTestId('classify-no-model')).textContent).toBe("No model for Theme yet; train one from validators' labels.");
    expect((screen.getByTestId('classify-start') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('ClassifyPanel while a run goes on', () => {
  function renderPanel(language: 'id' | 'en') {
    let predicted = 0;
    const fake = answeringClient({
      'facet.list': () => facets,
      'classify.backend': () => ({ name: 'onnxruntime', detail: 'onnxruntime 1.23.2 (CPU, 1 thread)', skipped: [], order: ['onnxruntime', 'tensorflow', 'wasm', 'cpu'] }),
      'classify.status': () => ({ facet: 'motif', modelVersion: 'motif-v1', unavailable: null, images: 10, predicted }),
      'classify.start': () => ({ jobId: 'classify-1', total: 10, modelVersion: 'motif-v1' }),
      'jobs.list': () => [],
    });
    render(
      <I18nextProvider i18n={initI18n(language)}>
        <ClientContext.Provider value={fake.client}>
          <ClassifyPanel />
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    return { ...fake, classified: (n: number) => (predicted = n) };
  }

  it('counts the classified images up in the header as they are stored, beside a progress bar', async () => {
    const { emit, classified } = renderPanel('id');
    await waitFor(() => expect(screen.getByTestId('classify-status').textContent).toContain('0 dari 10 gambar terklasifikasi'));
    expect(screen.getByTestId('classify-backend').textContent).toBe('Mesin: onnxruntime 1.23.2 (CPU, 1 thread)');
    expect(screen.getByTestId('classify-engines').textContent).toBe(
      'Urutan mesin yang dicoba: ONNX Runtime (CPU) → TensorFlow native (tfjs-node) → WebAssembly (tfjs) → JavaScript biasa (tfjs, paling lambat)',
    );
    await act(async () => fireEvent.click(screen.getByTestId('classify-start')));
    classified(3);
    await act(async () => emit({ type: 'job', job: job({ done: 3, failed: 0 }) }));
    await waitFor(() => expect(screen.getByTestId('classify-status').textContent).toContain('3 dari 10 gambar terklasifikasi'));
    const bar = screen.getByRole('progressbar');
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['3', '10']);
    classified(10);
    await act(async () => emit({ type: 'job', job: job({ state: 'done', done: 10, failed: 0 }) }));
    await waitFor(() => expect(screen.getByTestId('classify-status').textContent).toContain('10 dari 10 gambar terklasifikasi'));
  });

  it('says why a run stopped and how to go on, in the interface language (a full disk)', async () => {
    const { emit } = renderPanel('id');
    await screen.findByTestId('classify-status');
    const failed = job({ state: 'failed', done: 7, failed: 0, message: 'The disk holding the catalogue is full. …', messageKey: 'classifyDiskFull', params: { kept: 7 } });
    await act(async () => emit({ type: 'job', job: failed }));
    expect(screen.getByTestId('classify-failed').textContent).toBe(
      'Disk tempat katalog penuh. Kosongkan sebagian ruang, lalu pilih “Lanjutkan (yang belum saja)”: klasifikasi berlanjut dari titik berhenti (7 prediksi dari proses ini tersimpan, tidak ada yang hilang).',
    );
  });
});

describe('ClassifyPanel by role', () => {
  it("greys out classifying for a viewer, saying why (the server would refuse); an archivist's buttons stay live", async () => {
    const show = async (role: Role) => {
      cleanup();
      const me: Me = { team: true, user: { id: 2, username: 'u', displayName: 'U', role }, allowed: allowedCalls(role) };
      render(
        <I18nextProvider i18n={initI18n('id')}>
          <TeamContext.Provider value={{ me, signOut: async () => {} }}>
            <ClientContext.Provider value={fakeClient().client}>
              <ClassifyPanel />
            </ClientContext.Provider>
          </TeamContext.Provider>
        </I18nextProvider>,
      );
      await screen.findByTestId('classify-status');
      return ['classify-start', 'classify-continue'].map((id) => screen.getByTestId(id) as HTMLButtonElement);
    };
    for (const button of await show('viewer')) {
      expect(button.disabled).toBe(true);
      expect(button.title).toBe('Peran Anda (Pengamat) tidak dapat menjalankan klasifikasi; hanya arsiparis atau admin');
    }
    for (const button of await show('archivist')) {
      expect(button.disabled).toBe(false);
      expect(button.title).toBe('');
    }
  });
});
