// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { CantingEvent, PipelineInfo, PipelineSwitch, PipelinesList } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import type { Client } from '../../../renderer/src/api/client.js';
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
    pipeline({ active: true, isDefault: true, blockCvAccuracy: 0.719, relativeCost: 1, memoryKey: 'memoryFast', fineTune: true, measured: { imagesPerSecond: 41.3, images: 500, seconds: 12.1, workers: 2, backend: 'wasm', measuredAt: '2026-12-03T05:00:00.000Z' } }),
    pipeline({ id: INC, name: 'InceptionV3', dim: 5632, blockCvAccuracy: 0.838, relativeCost: 5.2, memoryKey: 'memoryInception', withoutFeatures: 992 }),
  ],
  heads: [{ facet: 'motif', version: 'motif-irina4-v3', pipeline: MN, matches: true }],
};
const SWITCHED: PipelineSwitch = { pipeline: INC, previous: MN, changed: true, toCompute: 992, estimatedSeconds: 1800, toRetrain: [{ facet: 'motif', version: 'motif-irina4-v3' }], keptVectors: 992 };

function fakeClient(allowed: string[]) {
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
      if (name === 'pipelines.use') {
        current = {
          ...LIST,
          active: INC,
          pipelines: LIST.pipelines.map((p) => ({ ...p, active: p.id === INC })),
          heads: [{ ...LIST.heads[0], matches: false }],
        };
        return SWITCHED;
      }
      throw new Error(`unexpected call ${name}`);
    },
    onEvent: (listener: (e: CantingEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Client;
  return { client, calls };
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
    expect(mn.textContent).toContain('71.9 %');
    expect(mn.textContent).toContain('41.3 gambar/detik (2 pekerja)');
    // the speed says where it comes from: the last real run here
    expect(mn.querySelector('td[title]')?.getAttribute('title')).toMatch(/^Diukur pada klasifikasi terakhir di komputer ini: 500 gambar dalam 12.1 detik, .+, wasm$/);
    expect(mn.textContent).toContain('jauh di bawah 1,5 GB');
    const inc = screen.getByTestId('pipeline-InceptionV3');
    expect(inc.textContent).toContain('83.8 %');
    expect(inc.textContent).toContain('×5.2 MobileNetV2');
    // never measured here: no invented speed, no invented time
    expect(inc.textContent).toContain('belum diukur di sini');
    expect(inc.textContent).toContain('992 gambar belum punya fiturnya');
    expect(inc.textContent).not.toContain('menit');
    expect(inc.textContent).toContain('puncak 2.062 MB dengan dua pekerja');
    expect(inc.textContent).toContain('hanya head (tanpa penyetelan halus)');
    expect(screen.getByTestId('pipeline-cost').textContent).toContain('Sumber akurasi: models/MODEL_CARD.md (npm run bench:accuracy pada batik-irina4');
    // a viewer (no pipelines.use) gets no switch button
    expect(screen.queryByTestId('pipeline-use-InceptionV3')).toBeNull();
  });

  it('lets an admin switch, then says what is kept, what to compute and which head to retrain (English)', async () => {
    const { client, calls } = fakeClient(['pipelines.list', 'pipelines.use']);
    renderCost(client, 'en');
    const use = await screen.findByTestId('pipeline-use-InceptionV3');
    expect(screen.queryByTestId('pipeline-use-MobileNetV2')).toBeNull();
    await act(async () => fireEvent.click(use));
    expect(calls.filter((c) => c.name === 'pipelines.use')).toEqual([{ name: 'pipelines.use', input: { id: INC } }]);
    expect(screen.getByTestId('pipeline-switched').textContent).toBe(
      'Pipeline switched. 992 vector(s) of the previous pipeline are kept (used again if you switch back). 992 image(s) without its features (about 30 min)',
    );
    expect((await screen.findByTestId('pipeline-mismatch')).textContent).toBe('Active model motif-irina4-v3 of "motif" was trained on another pipeline: retrain it before classifying.');
    expect(screen.getByTestId('pipeline-InceptionV3').textContent).toContain('InceptionV3 (used by this catalogue)');
  });
});
