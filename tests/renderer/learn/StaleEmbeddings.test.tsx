// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { PrunedEmbeddings, StaleEmbeddings } from '../../../electron/common/contract/classify.js';
import { startingJob, type CantingEvent, type JobStatus } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import type { Client } from '../../../renderer/src/api/client.js';
import { StaleEmbeddingsNotice } from '../../../renderer/src/features/learn/StaleEmbeddings.js';
import { withI18n } from '../review/setup.js';

afterEach(cleanup);

const OLD = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear';
const none: StaleEmbeddings = { backbones: [], vectors: 0, bytes: 0, catalogueBytes: 90_000_000 };
const some: StaleEmbeddings = { backbones: [{ backbone: OLD, vectors: 9920, bytes: 50_790_400 }], vectors: 9920, bytes: 50_790_400, catalogueBytes: 90_000_000 };

/**
 * A catalogue with `stale` old vectors. embeddings.prune starts a job and
 * answers with its id; the test drives the job with `emit` (as the core's
 * events would), and `finish` ends it, removing the vectors.
 */
function fakeClient(stale: StaleEmbeddings, running: JobStatus[] = []) {
  const calls: { name: string; input: unknown }[] = [];
  const listeners = new Set<(e: CantingEvent) => void>();
  let current = stale;
  const client = {
    transport: 'http',
    shell: null,
    call: async (name: string, input: Record<string, unknown>) => {
      calls.push({ name, input });
      if (name === 'embeddings.stale') return current;
      if (name === 'jobs.list') return running;
      if (name === 'jobs.cancel') return { ...job(), id: input.id as string };
      if (name === 'embeddings.prune') return { jobId: JOB_ID, total: current.vectors, vacuum: Boolean(input.vacuum) };
      throw new Error(`unexpected call ${name}`);
    },
    onEvent: (listener: (e: CantingEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Client;
  const emit = (status: Partial<JobStatus>) => act(async () => listeners.forEach((l) => l({ type: 'job', job: job(status) })));
  /** The job ends; `left` old vectors remain. */
  const finish = (status: Partial<JobStatus>, left = 0) => {
    current = left ? { ...stale, vectors: left, bytes: left * 5120, backbones: [{ ...stale.backbones[0], vectors: left, bytes: left * 5120 }] } : none;
    return emit(status);
  };
  return { client, calls, emit, finish };
}

const JOB_ID = 'prune-1a2b3c4d';
const job = (status: Partial<JobStatus> = {}): JobStatus => ({
  ...startingJob(JOB_ID, 'prune', 'Delete 9920 old feature vector(s)', 9920, new Date('2026-12-01T10:00:00.000Z')),
  ...status,
}) as JobStatus;
const result = (vacuum: boolean): PrunedEmbeddings => ({
  backbones: some.backbones,
  vectors: 9920,
  bytes: 50_790_400,
  vacuumed: vacuum,
  fileBytesBefore: 90_000_000,
  fileBytesAfter: vacuum ? 39_200_000 : 90_000_000,
});

const renderNotice = (client: Client, language: 'id' | 'en' = 'id') =>
  render(
    withI18n(
      <ClientContext.Provider value={client}>
        <StaleEmbeddingsNotice />
      </ClientContext.Provider>,
      language,
    ),
  );

describe('StaleEmbeddingsNotice', () => {
  it('says how many old vectors take how much space, deletes them only after a confirmation, and follows the job to its result', async () => {
    const { client, calls, emit, finish } = fakeClient(some);
    renderNotice(client);
    const notice = await screen.findByTestId('stale-embeddings');
    expect(notice.textContent).toContain('9920 vektor fitur lama (50.8 MB) masih tersimpan di katalog');
    expect(notice.textContent).toContain('perbandingan dan laporan versi bertanda “fitur lama”');

    fireEvent.click(screen.getByTestId('stale-delete'));
    const dialog = screen.getByRole('dialog', { name: 'Hapus vektor fitur lama?' });
    expect(dialog.textContent).toContain('9920 vektor (50.8 MB) akan dihapus');
    expect(dialog.textContent).toContain('perlu ruang disk kosong hingga dua kali ukuran katalog, 180.0 MB');
    // opening the dialog deleted nothing; cancelling does not either
    fireEvent.click(screen.getByText('Batal'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.some((c) => c.name === 'embeddings.prune')).toBe(false);

    fireEvent.click(screen.getByTestId('stale-delete'));
    fireEvent.click(screen.getByTestId('stale-vacuum'));
    await act(async () => fireEvent.click(screen.getByTestId('stale-confirm-delete')));
    expect(calls.filter((c) => c.name === 'embeddings.prune')).toEqual([{ name: 'embeddings.prune', input: { vacuum: true } }]);
    // the dialog closes at once; the job's progress takes the notice's place
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
    expect(screen.getByTestId('stale-progress').textContent).toContain('Menghapus vektor fitur lama: 0 dari 9920…');
    // the job's very first event, before it has counted, does not turn that into 0 of 0
    await emit({ found: 0 });
    expect(screen.getByTestId('stale-progress').textContent).toContain('Menghapus vektor fitur lama: 0 dari 9920…');

    await emit({ done: 4000 });
    expect(screen.getByTestId('stale-progress').textContent).toContain('Menghapus vektor fitur lama: 4000 dari 9920…');
    expect(screen.getByTestId('stale-progress').querySelector('progress')?.value).toBe(4000);
    expect(screen.getByTestId('stale-stop')).toBeTruthy();

    // compacting cannot be stopped, and says that changes wait for it
    await emit({ done: 9920, message: 'Compacting the catalogue file (this cannot be stopped once begun)…' });
    expect(screen.getByTestId('stale-progress').textContent).toContain('Memadatkan file katalog… Proses ini tidak dapat dihentikan.');
    expect(screen.queryByTestId('stale-stop')).toBeNull();

    await finish({ state: 'done', done: 9920, message: null, result: result(true) });
    expect(screen.queryByTestId('stale-progress')).toBeNull();
    expect(screen.getByTestId('stale-pruned').textContent).toBe('9920 vektor fitur lama (50.8 MB) dihapus. File katalog dipadatkan: 90.0 MB → 39.2 MB.');
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
  });

  it('deletes without compacting unless asked, and says the file keeps its size (English)', async () => {
    const { client, calls, finish } = fakeClient(some);
    renderNotice(client, 'en');
    expect((await screen.findByTestId('stale-embeddings')).textContent).toContain('9920 old-feature vectors (50.8 MB) are still stored');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await act(async () => fireEvent.click(screen.getByTestId('stale-confirm-delete')));
    expect(calls.find((c) => c.name === 'embeddings.prune')?.input).toEqual({});
    expect(screen.getByTestId('stale-progress').textContent).toContain('Deleting old-feature vectors: 0 of 9920…');
    await finish({ state: 'done', done: 9920, result: result(false) });
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
    expect(screen.getByTestId('stale-pruned').textContent).toContain('Deleted 9920 old-feature vectors (50.8 MB). Their space is reused for new data');
  });

  it('shows the job’s message when compacting fails, and that the vectors are gone', async () => {
    const { client, finish } = fakeClient(some);
    renderNotice(client);
    fireEvent.click(await screen.findByTestId('stale-delete'));
    fireEvent.click(screen.getByTestId('stale-vacuum'));
    await act(async () => fireEvent.click(screen.getByTestId('stale-confirm-delete')));
    await finish({ state: 'failed', done: 9920, message: 'Not enough free disk space to compact "/a/catalogue.sqlite". The 9920 old vector(s) were deleted.' });
    expect(screen.getByRole('alert').textContent).toContain('Not enough free disk space to compact');
    expect(screen.queryByTestId('stale-progress')).toBeNull();
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('stops on request between chunks and says how many were deleted and how many are left', async () => {
    const { client, calls, emit, finish } = fakeClient(some);
    renderNotice(client, 'en');
    fireEvent.click(await screen.findByTestId('stale-delete'));
    await act(async () => fireEvent.click(screen.getByTestId('stale-confirm-delete')));
    await emit({ done: 4000 });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    expect(calls.filter((c) => c.name === 'jobs.cancel')).toEqual([{ name: 'jobs.cancel', input: { id: JOB_ID } }]);
    await finish({ state: 'cancelled', done: 4000, message: 'Stopped after deleting 4000 of 9920 old vector(s); the other 5920 are still in the catalogue (delete again to finish).' }, 5920);
    expect(screen.getByTestId('stale-stopped').textContent).toBe('Stopped: 4000 of 9920 old-feature vectors were deleted; the others are still stored. Delete again to finish.');
    expect(screen.getByTestId('stale-embeddings').textContent).toContain('5920 old-feature vectors (30.3 MB) are still stored');
  });

  it('follows a deletion already running when the panel opens', async () => {
    const { client, finish } = fakeClient(some, [job({ done: 2000 })]);
    renderNotice(client, 'en');
    expect((await screen.findByTestId('stale-progress')).textContent).toContain('Deleting old-feature vectors: 2000 of 9920…');
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
    await finish({ state: 'done', done: 9920, result: result(false) });
    expect(screen.getByTestId('stale-pruned').textContent).toContain('Deleted 9920 old-feature vectors');
  });

  it('shows nothing when there are no old vectors', async () => {
    const { client, calls } = fakeClient(none);
    const { container } = renderNotice(client);
    await act(async () => {});
    expect(calls.map((c) => c.name)).toEqual(['embeddings.stale', 'jobs.list']);
    expect(container.textContent).toBe('');
  });
});
