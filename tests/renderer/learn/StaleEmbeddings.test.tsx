// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { PrunedEmbeddings, StaleEmbeddings } from '../../../electron/common/contract/classify.js';
import { ApiError } from '../../../electron/common/errors.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import type { Client } from '../../../renderer/src/api/client.js';
import { StaleEmbeddingsNotice } from '../../../renderer/src/features/learn/StaleEmbeddings.js';
import { withI18n } from '../review/setup.js';

afterEach(cleanup);

const OLD = 'mobilenet_v2-nsfwjs-4.4.0-flatten_1-bilinear';
const none: StaleEmbeddings = { backbones: [], vectors: 0, bytes: 0, catalogueBytes: 90_000_000 };
const some: StaleEmbeddings = { backbones: [{ backbone: OLD, vectors: 9920, bytes: 50_790_400 }], vectors: 9920, bytes: 50_790_400, catalogueBytes: 90_000_000 };

/** A catalogue with `stale` old vectors; embeddings.prune removes them unless `failVacuum`. */
function fakeClient(stale: StaleEmbeddings, failVacuum = false) {
  const calls: { name: string; input: unknown }[] = [];
  let current = stale;
  const prune = (input: { vacuum?: boolean }): PrunedEmbeddings => {
    const { backbones, vectors, bytes } = current;
    current = none;
    if (input.vacuum && failVacuum) throw new ApiError('io', 'Not enough free disk space to compact "/a/catalogue.sqlite". The 9920 old vector(s) were deleted.');
    return { backbones, vectors, bytes, vacuumed: Boolean(input.vacuum), fileBytesBefore: 90_000_000, fileBytesAfter: input.vacuum ? 39_200_000 : 90_000_000 };
  };
  const client = {
    transport: 'http',
    shell: null,
    call: async (name: string, input: Record<string, unknown>) => {
      calls.push({ name, input });
      if (name === 'embeddings.stale') return current;
      if (name === 'embeddings.prune') return prune(input);
      throw new Error(`unexpected call ${name}`);
    },
    onEvent: () => () => {},
  } as unknown as Client;
  return { client, calls };
}

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
  it('says how many old vectors take how much space, and deletes them only after a confirmation', async () => {
    const { client, calls } = fakeClient(some);
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
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('stale-pruned').textContent).toBe('9920 vektor fitur lama (50.8 MB) dihapus. File katalog dipadatkan: 90.0 MB → 39.2 MB.');
  });

  it('deletes without compacting unless asked, and says the file keeps its size (English)', async () => {
    const { client, calls } = fakeClient(some);
    renderNotice(client, 'en');
    expect((await screen.findByTestId('stale-embeddings')).textContent).toContain('9920 old-feature vectors (50.8 MB) are still stored');
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await act(async () => fireEvent.click(screen.getByTestId('stale-confirm-delete')));
    expect(calls.find((c) => c.name === 'embeddings.prune')?.input).toEqual({});
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
    expect(screen.getByTestId('stale-pruned').textContent).toContain('Deleted 9920 old-feature vectors (50.8 MB). Their space is reused for new data');
  });

  it('shows the API’s error when compacting fails, and that the vectors are gone', async () => {
    const { client } = fakeClient(some, true);
    renderNotice(client);
    fireEvent.click(await screen.findByTestId('stale-delete'));
    fireEvent.click(screen.getByTestId('stale-vacuum'));
    await act(async () => fireEvent.click(screen.getByTestId('stale-confirm-delete')));
    expect(screen.getByRole('alert').textContent).toContain('Not enough free disk space to compact');
    expect(screen.queryByTestId('stale-embeddings')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows nothing when there are no old vectors', async () => {
    const { client, calls } = fakeClient(none);
    const { container } = renderNotice(client);
    await act(async () => {});
    expect(calls.map((c) => c.name)).toEqual(['embeddings.stale']);
    expect(container.textContent).toBe('');
  });
});
