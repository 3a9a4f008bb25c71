// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { ImportFileError } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import type { Client } from '../../../renderer/src/api/client.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { ImportErrors } from '../../../renderer/src/features/import/ImportErrors.js';

afterEach(cleanup);

const box = '/arsip/Kotak 04';
const failed: ImportFileError[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ path: `${box}/catatan-${i}.txt`, reason: 'not an image, or an image format Canting cannot read', code: 'not_image' })),
  { path: `${box}/Desa Pekalongan/rusak.jpg`, reason: 'the image is truncated (incomplete file): VipsJpeg: premature end of JPEG image', code: 'truncated' },
  { path: `${box}/Desa Pekalongan/rusak2.jpg`, reason: 'the image is truncated (incomplete file): VipsJpeg: premature end of JPEG image', code: 'truncated' },
  { path: `${box}/Desa Lasem/pecah.jpg`, reason: 'the image is damaged and cannot be decoded: VipsJpeg: bad Huffman table', code: 'damaged' },
];

/** import.errors as the core answers it: counts per kind, most serious first, and the files of the kind asked for. */
function fakeClient() {
  const asked: { code?: string }[] = [];
  const client = {
    transport: 'http',
    shell: null,
    call: async (name: string, input: { code?: string; limit?: number }) => {
      if (name !== 'import.errors') throw new Error(`not in this fake: ${name}`);
      asked.push(input);
      const items = failed.filter((e) => !input.code || e.code === input.code).slice(0, input.limit ?? 200);
      return { total: failed.length, byCode: [{ code: 'damaged', count: 1 }, { code: 'truncated', count: 2 }, { code: 'not_image', count: 12 }], items };
    },
    onEvent: () => () => undefined,
  } as unknown as Client;
  return { client, asked };
}

const listed = () => [...screen.getByTestId('import-error-list').querySelectorAll('code')].map((c) => c.textContent!.split('/').pop());

describe('the import errors', () => {
  it('sum up each kind with its count and open on the damaged photos, not on the README and spreadsheets next to them', async () => {
    const { client } = fakeClient();
    render(
      <I18nextProvider i18n={initI18n('id')}>
        <ClientContext.Provider value={client}>
          <ImportErrors importJobId={7} />
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    const kinds = await screen.findByTestId('import-error-kinds');
    expect(screen.getByTestId('import-errors').querySelector('h4')!.textContent).toBe('15 berkas tidak dapat diimpor');
    expect([...kinds.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Gambar rusak: 1', 'Gambar tidak lengkap (terpotong): 2', 'Bukan gambar: 12']);
    await waitFor(() => expect(listed()).toEqual(['pecah.jpg']));
    expect(screen.getByTestId('import-error-kind-damaged').getAttribute('aria-pressed')).toBe('true');

    await act(async () => fireEvent.click(screen.getByTestId('import-error-kind-truncated')));
    await waitFor(() => expect(listed()).toEqual(['rusak.jpg', 'rusak2.jpg']));
    expect(screen.getByTestId('import-error-list').textContent).toContain('premature end of JPEG image');

    await act(async () => fireEvent.click(screen.getByTestId('import-error-kind-not_image')));
    await waitFor(() => expect(listed()).toHaveLength(12));
    expect(listed()[0]).toBe('catatan-0.txt');
    expect(screen.getByTestId('import-error-kind-not_image').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('import-error-kind-damaged').getAttribute('aria-pressed')).toBe('false');
  });
});
