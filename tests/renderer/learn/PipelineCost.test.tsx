// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { CantingEvent, JobStatus, PipelineInfo, PipelineSwitch, PipelinesList } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import type { Client } from '../../../renderer/src/api/client.js';
import { ComputeFeatures } from '../../../renderer/src/features/learn/ComputeFeatures.js';
import { PipelineCost } from '../../../renderer/src/features/learn/PipelineCost.js';
import { withI18n } from '../review/setup.js';

afterEach(cleanup);

const MN = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1+block_16-meanstd-bilinear';
const INC = 'inception_v3-nsfwjs-4.4.0-mixed7+mixed10-meanstd-bilinear';
const pipeline = (over: Partial<PipelineInfo>): PipelineInfo => ({
  id: MN,
  name: 'MobileNetV2',
  dim: 1920,
  views: 1,
  active: false,
  isDefault: false,
  blockCvAccuracy: null,
  relativeCost: null,
  memory: null,
  memoryKey: null,
  measured: null,
  withoutFeatures: 0,
  estimatedSeconds: null,
  fineTune: false,
  ...over,
});
const LIST: PipelinesList = {
  active: MN,
  source: 'models/MODEL_CARD.md: npm run bench:accuracy',
  pipelines: [
    pipeline({ active: true, isDefault: true, blockCvAccuracy: 0.719, relativeCost: 1, memoryKey: 'memoryFast', fineTune: true, measured: { imagesPerSecond: 41.3, runs: 5, images: 500, seconds: 12.1, workers: 2, backend: 'wasm', measuredAt: '2026-12-03T05:00:00.000Z' } }),
    pipeline({ id: INC, name: 'InceptionV3', dim: 5632, blockCvAccuracy: 0.838, relativeCost: 5.2, memoryKey: 'memoryInception', withoutFeatures: 992 }),
  ],
  heads: [{ facet: 'motif', version: 'motif-irina4-v3', pipeline: MN, matches: true }],
};
const SWITCHED: PipelineSwitch = { pipeline: INC, previous: MN, dryRun: false, changed: true, toCompute: 992, estimatedSeconds: 1800, toRetrain: [{ facet: 'motif', version: 'motif-irina4-v3' }], activated: [], keptVectors: 992 };

function fakeClient(allowed: string[], preview: PipelineSwitch = SWITCHED) {
  const calls: { name: string; input: unknown }[] = [];
  const listeners = new Set<(e: CantingEvent) => void>();
  let current = LIST;
  const client = {
    transport: 'http',
    shell: null,
    call: async (name: string, input: unknown) => {
      calls.push({ name, input });
      if (name === 'pipelines.list') return current;
      if (name === 'auth.me') return { team: true, user: null, allowed };
      if (name === 'pipelines.use' && (input as { dryRun?: boolean }).dryRun) return { ...preview, dryRun: true };
      if (name === 'pipelines.use') {
        current = {
          ...LIST,
          active: INC,
          pipelines: LIST.pipelines.map((p) => ({ ...p, active: p.id === INC })),
          heads: [{ ...LIST.heads[0], matches: false }],
        };
        return SWITCHED;
      }
      if (name === 'classify.features') return { jobId: 'features-1', total: 992 };
      if (name === 'jobs.list') return [];
      if (name === 'jobs.cancel') return {};
      throw new Error(`unexpected call ${name}`);
    },
    onEvent: (listener: (e: CantingEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Client;
  return { client, calls, emit: (e: CantingEvent) => [...listeners].forEach((l) => l(e)) };
}

const renderCost = (client: Client, language: 'id' | 'en' = 'id') =>
  render(
    withI18n(
      <ClientContext.Provider value={client}>
        <PipelineCost />
      </ClientContext.Provider>,
      language,
    ),
  );

describe('PipelineCost', () => {
  it('shows each pipeline’s measured accuracy, the speed measured here only where a run measured it, and the memory it needs', async () => {
    const { client } = fakeClient(['pipelines.list']);
    renderCost(client);
    const mn = await screen.findByTestId('pipeline-MobileNetV2');
    expect(mn.textContent).toContain('MobileNetV2 (dipakai katalog ini)');
    // numbers in the interface's language: a decimal comma in Indonesian
    expect(mn.textContent).toContain('71,9 %');
    // the median of the recorded runs, and the last one with a full date
    expect(screen.getByTestId('pipeline-speed-MobileNetV2').textContent).toBe(
      `41,3 gambar/detik (median 5 run)terakhir ${new Date('2026-12-03T05:00:00.000Z').toLocaleString('id-ID', { dateStyle: 'long', timeStyle: 'short' })}: 500 gambar dalam 12,1 detik, 2 pekerja, wasm`,
    );
    expect(screen.getByTestId('pipeline-speed-MobileNetV2').textContent).toContain('Desember 2026');
    expect(mn.textContent).toContain('jauh di bawah 1,5 GB');
    const inc = screen.getByTestId('pipeline-InceptionV3');
    expect(inc.textContent).toContain('83,8 %');
    expect(inc.textContent).toContain('×5,2 MobileNetV2');
    // never measured here: no invented speed, no invented time
    expect(inc.textContent).toContain('belum diukur di sini');
    expect(inc.textContent).toContain('992 gambar belum punya fiturnya');
    expect(inc.textContent).not.toContain('menit');
    expect(inc.textContent).toContain('puncak 1.407 MB dengan dua pekerja ONNX Runtime');
    expect(inc.textContent).toContain('hanya head (tanpa penyetelan halus)');
    expect(screen.getByTestId('pipeline-cost').textContent).toContain('Sumber akurasi: models/MODEL_CARD.md (npm run bench:accuracy pada batik-irina4');
    // a viewer (no pipelines.use) gets no switch button
    expect(screen.queryByTestId('pipeline-use-InceptionV3')).toBeNull();
  });

  it('asks first: Use shows the server’s dry run, and Cancel changes nothing', async () => {
    const { client, calls } = fakeClient(['pipelines.list', 'pipelines.use'], { ...SWITCHED, estimatedSeconds: null });
    renderCost(client);
    const use = await screen.findByTestId('pipeline-use-InceptionV3');
    await act(async () => fireEvent.click(use));
    expect(calls.filter((c) => c.name === 'pipelines.use')).toEqual([{ name: 'pipelines.use', input: { id: INC, dryRun: true } }]);
    const dialog = screen.getByTestId('pipeline-confirm');
    expect(dialog.getAttribute('aria-label')).toBe('Ganti alur fitur ke InceptionV3?');
    // never measured here: said plainly, no invented time
    expect(screen.getByTestId('pipeline-confirm-compute').textContent).toBe(
      '992 gambar perlu dihitung fiturnya dengan InceptionV3. Lamanya belum bisa diperkirakan: InceptionV3 belum pernah diukur di komputer ini.',
    );
    expect(screen.getByTestId('pipeline-confirm-retrain').textContent).toBe('Model aktif berikut harus dilatih ulang dengan InceptionV3 sebelum mengklasifikasi lagi: motif (motif-irina4-v3).');
    expect(screen.getByTestId('pipeline-confirm-kept').textContent).toContain('992 vektor MobileNetV2 dan semua versi yang dilatih dengannya tetap disimpan');

    await act(async () => fireEvent.click(screen.getByTestId('pipeline-confirm-cancel')));
    expect(screen.queryByTestId('pipeline-confirm')).toBeNull();
    // only the dry run reached the server: the catalogue still uses MobileNetV2
    expect(calls.filter((c) => c.name === 'pipelines.use')).toHaveLength(1);
    expect(screen.getByTestId('pipeline-MobileNetV2').textContent).toContain('(dipakai katalog ini)');
    expect(screen.queryByTestId('pipeline-switched')).toBeNull();
  });

  it('switches on confirmation (time from the measured speed), then offers to compute the new pipeline’s features with progress and Stop (English)', async () => {
    const { client, calls, emit } = fakeClient(['pipelines.list', 'pipelines.use', 'classify.features']);
    renderCost(client, 'en');
    const use = await screen.findByTestId('pipeline-use-InceptionV3');
    expect(screen.queryByTestId('pipeline-use-MobileNetV2')).toBeNull();
    // nothing to compute for the current pipeline: no button
    expect(screen.queryByTestId('pipeline-compute-features')).toBeNull();
    await act(async () => fireEvent.click(use));
    expect(screen.getByTestId('pipeline-confirm-compute').textContent).toBe(
      '992 images need their features computed with InceptionV3: about 30 min at the speed measured on this computer.',
    );
    await act(async () => fireEvent.click(screen.getByTestId('pipeline-confirm-switch')));
    expect(calls.filter((c) => c.name === 'pipelines.use').map((c) => c.input)).toEqual([{ id: INC, dryRun: true }, { id: INC }]);
    expect(screen.getByTestId('pipeline-switched').textContent).toBe('Pipeline switched. 992 vector(s) of the previous pipeline are kept (used again if you switch back).');
    expect((await screen.findByTestId('pipeline-mismatch')).textContent).toBe('Active model motif-irina4-v3 of "motif" needs MobileNetV2 features: switch back (Use on MobileNetV2) or retrain it on the current pipeline before classifying.');
    expect(screen.getByTestId('pipeline-InceptionV3').textContent).toContain('InceptionV3 (used by this catalogue)');

    // the new pipeline has 992 images without features: one button starts the features job
    expect(screen.getByTestId('pipeline-features').textContent).toContain("992 images have no InceptionV3 features yet (this catalogue's pipeline).");
    await act(async () => fireEvent.click(screen.getByTestId('pipeline-compute-features')));
    expect(calls.filter((c) => c.name === 'classify.features')).toEqual([{ name: 'classify.features', input: {} }]);
    const running = { id: 'features-1', kind: 'features', title: 'Compute features', state: 'running', found: 992, done: 40, skipped: 0, failed: 0, ratePerSecond: 1, etaSeconds: 950, message: null, startedAt: '', finishedAt: null } as unknown as JobStatus;
    act(() => emit({ type: 'job', job: running }));
    expect(screen.getByTestId('pipeline-features-progress').textContent).toContain('Computing InceptionV3 features… 40/992');
    await act(async () => fireEvent.click(screen.getByTestId('pipeline-features-stop')));
    expect(calls.filter((c) => c.name === 'jobs.cancel')).toEqual([{ name: 'jobs.cancel', input: { id: 'features-1' } }]);
    act(() => emit({ type: 'job', job: { ...running, state: 'cancelled', done: 64 } as JobStatus }));
    expect(screen.getByTestId('pipeline-features-stopped').textContent).toBe('Stopped after 64 of 992 images; the features computed so far are kept.');
  });

  it('says what a finished features run computed and, where images failed (too small for tiles), how many and why', async () => {
    const { client, emit } = fakeClient(['pipelines.list', 'pipelines.use', 'classify.features']);
    renderCost(client);
    const use = await screen.findByTestId('pipeline-use-InceptionV3');
    await act(async () => fireEvent.click(use));
    await act(async () => fireEvent.click(screen.getByTestId('pipeline-confirm-switch')));
    await act(async () => fireEvent.click(await screen.findByTestId('pipeline-compute-features')));
    const base = { id: 'features-1', kind: 'features', title: 'Compute features', found: 992, skipped: 0, ratePerSecond: 1, etaSeconds: 0, message: null, startedAt: '', finishedAt: '' };
    act(() =>
      emit({
        type: 'job',
        job: { ...base, state: 'done', done: 990, failed: 2, result: { total: 992, computed: 990, failed: 2, errors: [{ imageId: 7, path: '/arsip/kecil.jpg', message: 'the image is 16×16 px, too small for 2×2 tiles' }] } } as unknown as JobStatus,
      }),
    );
    expect(screen.getByTestId('pipeline-features-done').textContent).toBe(
      'Selesai: fitur InceptionV3 dihitung untuk 990 gambar. 2 gambar gagal dan tetap tanpa fitur InceptionV3; contoh: /arsip/kecil.jpg: the image is 16×16 px, too small for 2×2 tiles',
    );
  });

  it('names the pipeline a run computed even when the catalogue switched before it ended', async () => {
    const { client, emit } = fakeClient(['classify.features']);
    const inception = pipeline({ id: INC, name: 'InceptionV3', active: true, withoutFeatures: 992 });
    const view = (p: PipelineInfo) =>
      withI18n(
        <ClientContext.Provider value={client}>
          <ComputeFeatures pipeline={p} mayCompute onEnded={() => undefined} />
        </ClientContext.Provider>,
        'id',
      );
    const { rerender } = render(view(inception));
    await act(async () => fireEvent.click(screen.getByTestId('pipeline-compute-features')));
    // the panel now shows the catalogue's new pipeline
    rerender(view(pipeline({ active: true })));
    const done = { id: 'features-1', kind: 'features', title: 'Compute features', found: 992, done: 992, skipped: 0, failed: 0, state: 'done', ratePerSecond: 1, etaSeconds: 0, message: null, startedAt: '', finishedAt: '' };
    act(() => emit({ type: 'job', job: { ...done, result: { total: 992, computed: 992, failed: 0, errors: [] } } as unknown as JobStatus }));
    expect(screen.getByTestId('pipeline-features-done').textContent).toBe('Selesai: fitur InceptionV3 dihitung untuk 992 gambar.');
  });

  it('shows the server’s refusal of a preview (a job runs) and opens no confirmation', async () => {
    const { client } = fakeClient(['pipelines.list', 'pipelines.use']);
    const refusing = {
      ...client,
      call: async (name: string, input: unknown) => {
        if (name === 'pipelines.use') throw new Error('Sebuah tugas sedang berjalan ("Klasifikasi motif"); tekan Gunakan lagi setelah tugas itu selesai atau dihentikan. Tidak ada yang diubah.');
        return client.call(name as never, input as never);
      },
    } as Client;
    renderCost(refusing);
    const use = await screen.findByTestId('pipeline-use-InceptionV3');
    await act(async () => fireEvent.click(use));
    expect(screen.queryByTestId('pipeline-confirm')).toBeNull();
    expect(screen.getByTestId('pipeline-error').textContent).toContain('tekan Gunakan lagi');
  });
});
