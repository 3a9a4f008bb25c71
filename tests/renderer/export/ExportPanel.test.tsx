// @vitest-environment jsdom
/// <reference types="node" />
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { CantingEvent, JobStatus } from '../../../electron/common/contract/index.js';
import type { Client } from '../../../renderer/src/api/client.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import { ExportPanel } from '../../../renderer/src/features/export/ExportPanel.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { CurrentGridViewContext } from '../../../renderer/src/features/review/currentView.js';
import { EMPTY_FILTER } from '../../../renderer/src/features/review/types.js';
import en from '../../../renderer/src/i18n/locales/en.json';
import id from '../../../renderer/src/i18n/locales/id.json';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const FACETS = [
  { id: 1, key: 'tema', nameId: 'Tema', nameEn: 'Theme', labels: [], activeModel: null },
  { id: 2, key: 'motif', nameId: 'Motif', nameEn: 'Motif', labels: [], activeModel: 'v1' },
];

function job(patch: Partial<JobStatus>): JobStatus {
  return {
    id: 'export-1', kind: 'export', state: 'running', title: 't', found: 10, done: 0, skipped: 0, failed: 0,
    ratePerSecond: 0, etaSeconds: null, message: null, startedAt: '', finishedAt: null, ...patch,
  } as JobStatus;
}

function fakeClient(shell: Client['shell'], answers: Record<string, unknown>) {
  const listeners = new Set<(e: CantingEvent) => void>();
  const calls: [string, unknown][] = [];
  const client: Client = {
    transport: shell ? 'ipc' : 'http',
    shell,
    call: (async (name: string, input: unknown) => {
      calls.push([name, input]);
      if (name === 'facet.list') return FACETS;
      if (name === 'jobs.list') return [];
      if (name in answers) {
        const a = answers[name];
        if (a instanceof Error) throw a;
        return a;
      }
      throw new Error(`unexpected call ${name}`);
    }) as Client['call'],
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const emit = (e: CantingEvent) => act(() => listeners.forEach((l) => l(e)));
  return { client, calls, emit };
}

function renderPanel(client: Client, language: 'id' | 'en' = 'id') {
  return render(
    <I18nextProvider i18n={initI18n(language)}>
      <ClientContext.Provider value={client}>
        <ExportPanel />
      </ClientContext.Provider>
    </I18nextProvider>,
  );
}

describe('ExportPanel', () => {
  it('names each status as the review grid does: an image no model has predicted and no one decided is "Belum diprediksi", not "unreviewed" (predicted images are unreviewed too)', async () => {
    for (const words of [id, en]) expect(words.export.status).toEqual(words.review.status);
    const { client } = fakeClient(null, {});
    renderPanel(client);
    await screen.findAllByRole('option', { name: 'Motif' });
    const statuses = [...screen.getByTestId('export-catalogue').querySelectorAll('label.export-check')].map((l) => l.textContent);
    expect(statuses).toEqual(expect.arrayContaining(['Belum diprediksi', 'Diprediksi', 'Divalidasi']));
    expect(statuses).not.toContain('Belum ditinjau');
  });

  it('in browser mode downloads the filtered CSV (with its BOM) and says how many images it held', async () => {
    const { client, calls } = fakeClient(null, {
      'export.csvContent': { fileName: 'canting-katalog-motif-2026-05-01.csv', mime: 'text/csv;charset=utf-8', content: '\ufeffa,b\r\n', images: 3 },
    });
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:x';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    renderPanel(client);
    await screen.findAllByRole('option', { name: 'Motif' });
    fireEvent.change(screen.getByTestId('export-catalogue-facet'), { target: { value: 'motif' } });
    fireEvent.click(screen.getByLabelText('Divalidasi', { selector: '[data-testid="export-catalogue"] input' }));
    fireEvent.click(screen.getByRole('button', { name: 'Unduh' }));
    await screen.findByTestId('export-notice');
    expect(calls.find(([n]) => n === 'export.csvContent')![1]).toEqual({ filter: { facet: 'motif', statuses: ['validated'] } });
    expect(clicked).toEqual(['canting-katalog-motif-2026-05-01.csv']);
    const bytes = await new Promise<ArrayBuffer>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.readAsArrayBuffer(created[0]);
    });
    expect([...new Uint8Array(bytes).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(screen.getByTestId('export-notice').textContent).toBe('3 gambar diunduh sebagai canting-katalog-motif-2026-05-01.csv');
  });

  it('can export exactly what the review grid shows (its whole filter), and offers it only inside the app', async () => {
    const shell = { pickSaveFile: vi.fn(async () => '/home/arsip/tampil.csv'), pickFolders: vi.fn(async () => []), pickOpenFile: vi.fn(), pathForFile: vi.fn() };
    const { client, calls } = fakeClient(shell, { 'export.csv': { jobId: 'export-1', images: 2, out: '/home/arsip/tampil.csv' } });
    const view = { facet: 'motif', filter: { ...EMPTY_FILTER, folder: '2019/kawung', minConfidence: 0.5, text: 'soga' } };
    render(
      <I18nextProvider i18n={initI18n('id')}>
        <ClientContext.Provider value={client}>
          <CurrentGridViewContext.Provider value={view}>
            <ExportPanel />
          </CurrentGridViewContext.Provider>
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    await screen.findAllByRole('option', { name: 'Motif' });
    fireEvent.click(screen.getByTestId('export-use-grid'));
    expect((screen.getByTestId('export-catalogue-facet') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByTestId('export-catalogue-facet') as HTMLSelectElement).title).toBe(
      'Mengikuti tampilan kisi tinjauan; hilangkan centang di atas untuk memilih sendiri.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Simpan sebagai…' }));
    await waitFor(() => expect(calls.some(([n]) => n === 'export.csv')).toBe(true));
    const sent = calls.find(([n]) => n === 'export.csv')![1] as { filter: { facet: string; grid: Record<string, unknown> } };
    expect(sent.filter.facet).toBe('motif');
    expect(sent.filter.grid).toMatchObject({ folder: '2019/kawung', minConfidence: 0.5, text: 'soga' });
    cleanup();
    renderPanel(fakeClient(null, {}).client);
    await screen.findAllByRole('option', { name: 'Motif' });
    expect(screen.queryByTestId('export-use-grid')).toBeNull();
  });

  it('in the desktop app saves through the save dialog and follows the job to its result', async () => {
    const shell = { pickSaveFile: vi.fn(async () => '/home/arsip/katalog.json'), pickFolders: vi.fn(async () => []), pickOpenFile: vi.fn(), pathForFile: vi.fn() };
    const { client, calls, emit } = fakeClient(shell, { 'export.json': { jobId: 'export-1', images: 10, out: '/home/arsip/katalog.json' } });
    renderPanel(client, 'en');
    await screen.findAllByRole('option', { name: 'Theme' });
    fireEvent.click(screen.getByLabelText(/^JSON/));
    fireEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    await waitFor(() => expect(calls.some(([n]) => n === 'export.json')).toBe(true));
    expect(shell.pickSaveFile).toHaveBeenCalledWith({ defaultName: expect.stringMatching(/^canting-katalog-.*\.json$/), extensions: ['json'] });
    expect(calls.find(([n]) => n === 'export.json')![1]).toEqual({ out: '/home/arsip/katalog.json', force: true, filter: {} });
    emit({ type: 'job', job: job({ done: 4 }) });
    expect(screen.getByTestId('export-job').textContent).toContain('running · 4 of 10');
    emit({ type: 'job', job: job({ state: 'done', done: 10, result: { out: '/home/arsip/katalog.json', format: 'json', images: 10 } }) });
    expect(screen.getByTestId('export-result').textContent).toBe('10 images written to /home/arsip/katalog.json');
  });

  it('sends the training form as typed and shows a refusal from the core', async () => {
    const { client, calls } = fakeClient(null, {
      'export.training': new Error('/data/foto/ds is inside /data/foto, a folder imported into this catalogue.'),
    });
    renderPanel(client);
    await screen.findAllByRole('option', { name: 'Motif' });
    const submit = screen.getByTestId('export-training-submit');
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    // greyed out, and saying why
    expect((submit as HTMLButtonElement).title).toBe('Isi dulu folder tujuan.');
    fireEvent.change(screen.getByTestId('export-training-facet'), { target: { value: 'motif' } });
    fireEvent.change(screen.getByTestId('export-out'), { target: { value: '  /data/foto/ds ' } });
    fireEvent.change(screen.getByTestId('export-val'), { target: { value: '25' } });
    fireEvent.change(screen.getByTestId('export-seed'), { target: { value: '7' } });
    fireEvent.click(screen.getByLabelText('Dikoreksi', { selector: '[data-testid="export-training"] input' }));
    fireEvent.click(submit);
    expect((await screen.findByTestId('export-error')).textContent).toMatch(/imported into this catalogue/);
    expect(calls.find(([n]) => n === 'export.training')![1]).toEqual({
      facet: 'motif', out: '/data/foto/ds', include: ['validated'], valFraction: 0.25, seed: 7, force: false, copy: false,
    });
  });

  it('asks the validation share in whole percent, as its hint says, and refuses one out of range before sending', async () => {
    const { client, calls } = fakeClient(null, {});
    renderPanel(client);
    await screen.findAllByRole('option', { name: 'Motif' });
    // the hint and the field agree: percent, no decimal separator (the QA run saw "(0–0,95)" beside 0.2)
    const val = screen.getByLabelText('Porsi validasi (%, 0–95)') as HTMLInputElement;
    expect(val.value).toBe('20');
    fireEvent.change(screen.getByTestId('export-out'), { target: { value: '/data/latih' } });
    fireEvent.change(val, { target: { value: '99' } });
    expect(screen.getByTestId('export-val-error').textContent).toBe('Porsi validasi berupa bilangan bulat persen dari 0 sampai 95');
    const submit = screen.getByTestId('export-training-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(submit.title).toBe('Porsi validasi berupa bilangan bulat persen dari 0 sampai 95');
    fireEvent.click(submit);
    expect(calls.some(([n]) => n === 'export.training')).toBe(false);
  });

  it('calls a facet "Faset", as the review, classify and models screens do', async () => {
    const { client } = fakeClient(null, {});
    renderPanel(client);
    await screen.findAllByRole('option', { name: 'Motif' });
    expect(screen.getByLabelText('Faset', { selector: '[data-testid="export-training-facet"]' })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Semua faset, semua gambar' })).toBeTruthy();
    expect(screen.getByTestId('export-panel').textContent).not.toMatch(/aspek/i);
  });

  it('offers the Omeka S and AtoM layouts for CSV, with the subject language and AtoM parents', async () => {
    const shell = { pickSaveFile: vi.fn(async () => '/home/arsip/atom.csv'), pickFolders: vi.fn(async () => []), pickOpenFile: vi.fn(), pathForFile: vi.fn() };
    const { client, calls } = fakeClient(shell, { 'export.csv': { jobId: 'export-1', images: 2, out: '/home/arsip/atom.csv' } });
    renderPanel(client, 'en');
    await screen.findAllByRole('option', { name: 'Theme' });
    expect(screen.queryByTestId('export-csv-parent')).toBeNull();
    fireEvent.change(screen.getByLabelText('CSV layout'), { target: { value: 'atom' } });
    expect(screen.getByTestId('export-catalogue').textContent).toContain("The columns of AtoM's archival description CSV template (ISAD(G))");
    fireEvent.click(screen.getByLabelText('One parent description per import folder (photos under it)'));
    fireEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    await waitFor(() => expect(calls.some(([n]) => n === 'export.csv')).toBe(true));
    // The interface language (English here) unless "both" is chosen.
    expect(calls.find(([n]) => n === 'export.csv')![1]).toEqual({ out: '/home/arsip/atom.csv', force: true, filter: {}, profile: 'atom', subjectLanguage: 'en', parentPerRoot: true });
    fireEvent.change(screen.getByLabelText('CSV layout'), { target: { value: 'omeka-s' } });
    fireEvent.change(screen.getByLabelText('Language of facet names and regions'), { target: { value: 'both' } });
    expect(screen.queryByTestId('export-csv-parent')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save as…' }));
    await waitFor(() => expect(calls.filter(([n]) => n === 'export.csv')).toHaveLength(2));
    expect(calls.filter(([n]) => n === 'export.csv')[1][1]).toMatchObject({ profile: 'omeka-s', subjectLanguage: 'both', parentPerRoot: false });
  });

  it('exports IIIF to a folder for a base address and reports manifests written and photos skipped', async () => {
    const { client, calls, emit } = fakeClient(null, { 'export.iiif': { jobId: 'export-1', images: 3, out: '/srv/iiif' } });
    renderPanel(client);
    await screen.findAllByRole('option', { name: 'Motif' });
    const submit = screen.getByTestId('export-iiif-submit') as HTMLButtonElement;
    fireEvent.change(screen.getByTestId('export-iiif-out'), { target: { value: ' /srv/iiif ' } });
    expect(submit.disabled).toBe(true);
    expect(submit.title).toBe('Isi dulu alamat dasarnya.');
    fireEvent.change(screen.getByLabelText('Alamat dasar (tempat folder ini akan disajikan)'), { target: { value: 'https://museum.contoh/iiif' } });
    fireEvent.click(submit);
    await waitFor(() => expect(calls.some(([n]) => n === 'export.iiif')).toBe(true));
    expect(calls.find(([n]) => n === 'export.iiif')![1]).toEqual({ out: '/srv/iiif', baseUrl: 'https://museum.contoh/iiif', force: false });
    emit({ type: 'job', job: job({ state: 'done', done: 3, found: 3, result: { format: 'iiif', out: '/srv/iiif', baseUrl: 'https://museum.contoh/iiif', manifests: 2, collections: 2, skipped: [{ imageId: 3, source: '/x.jpg', reason: 'missing' }] } }) });
    expect(screen.getByTestId('export-result').textContent).toBe('2 manifest ditulis ke /srv/iiif untuk https://museum.contoh/iiif; 1 foto dilewati (berkas hilang atau rusak)');
  });

  it('is laid out by a stylesheet: every class the panel uses has a rule', () => {
    // jsdom applies no CSS; an unstyled panel (fields running into each other on one line) shows up as classes no rule names
    const source = fs.readFileSync('renderer/src/features/export/ExportPanel.tsx', 'utf8');
    const used = new Set([...source.matchAll(/className="([^"]+)"/g)].flatMap((m) => m[1].split(/\s+/)));
    const css = ['renderer/src/styles.css', 'renderer/src/features/export/export.css']
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const unstyled = [...used].filter((c) => !new RegExp(`\\.${c}(?![\\w-])`).test(css));
    expect(used.size).toBeGreaterThan(5);
    expect(unstyled).toEqual([]);
  });
});
