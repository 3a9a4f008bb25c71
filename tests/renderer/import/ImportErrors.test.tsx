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
  ...Array.from({ length: 12 }, (_, i) => ({ path: `${box}/catatan-${i}.txt`, reason: 'not an image, or an image format Canting cannot read', code: 'not_image', params: {} })),
  { path: `${box}/Desa Pekalongan/rusak.jpg`, reason: 'the image is truncated (incomplete file): its end is missing, as if the copy or download was cut off', code: 'truncated', params: {} },
  { path: `${box}/Desa Pekalongan/rusak2.jpg`, reason: 'the image is truncated (incomplete file): its end is missing, as if the copy or download was cut off', code: 'truncated', params: {} },
  { path: `${box}/Desa Lasem/pecah.jpg`, reason: 'the image is damaged and cannot be decoded: Unknown error', code: 'damaged', params: {} },
  {
    path: `${box}/bom.png`,
    reason: 'too many pixels: 60000 × 60000 = 3600 megapixels, over the limit of 250 megapixels (protection against decompression bombs)',
    code: 'too_many_pixels',
    params: { width: '60000', height: '60000', megapixels: '3600', limit: '250' },
  },
  { path: `${box}/aneh.jpg`, reason: 'too many files open at once; import this file again', code: 'other', params: {} },
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
      const byCode = ['damaged', 'truncated', 'too_many_pixels', 'other', 'not_image'].map((code) => ({ code, count: failed.filter((e) => e.code === code).length }));
      return { total: failed.length, byCode, items };
    },
    onEvent: () => () => undefined,
  } as unknown as Client;
  return { client, asked };
}

const reasons = () => [...screen.getByTestId('import-error-list').querySelectorAll('.import-error-reason')].map((r) => r.textContent);
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
    expect(screen.getByTestId('import-errors').querySelector('h4')!.textContent).toBe('17 berkas tidak dapat diimpor');
    expect([...kinds.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Gambar rusak: 1',
      'Gambar tidak lengkap (terpotong): 2',
      'Piksel terlalu banyak: 1',
      'Alasan lain: 1',
      'Bukan gambar: 12',
    ]);
    await waitFor(() => expect(listed()).toEqual(['pecah.jpg']));
    expect(screen.getByTestId('import-error-kind-damaged').getAttribute('aria-pressed')).toBe('true');
    // each file's reason in the interface language, not the decoder's English ("Unknown error")
    expect(reasons()).toEqual(['Gambar ini rusak dan tidak dapat diurai.']);

    await act(async () => fireEvent.click(screen.getByTestId('import-error-kind-truncated')));
    await waitFor(() => expect(listed()).toEqual(['rusak.jpg', 'rusak2.jpg']));
    expect(reasons()[0]).toBe('Gambar ini terpotong: bagian akhirnya tidak ada, seperti salinan atau unduhan yang terputus. Salin ulang dari sumbernya.');

    await act(async () => fireEvent.click(screen.getByTestId('import-error-kind-too_many_pixels')));
    await waitFor(() => expect(listed()).toEqual(['bom.png']));
    expect(reasons()).toEqual([
      'Piksel terlalu banyak: 60000 × 60000 = 3600 megapiksel, melebihi batas 250 megapiksel (perlindungan terhadap berkas kecil yang mengaku berisi gambar raksasa, “bom dekompresi”).',
    ]);
    // a reason of no known kind is shown as the core wrote it, marked as English
    await act(async () => fireEvent.click(screen.getByTestId('import-error-kind-other')));
    await waitFor(() => expect(listed()).toEqual(['aneh.jpg']));
    const other = screen.getByTestId('import-error-list').querySelector('.import-error-reason')!;
    expect([other.textContent, other.getAttribute('lang')]).toEqual(['too many files open at once; import this file again', 'en']);

    await act(async () => fireEvent.click(screen.getByTestId('import-error-kind-not_image')));
    await waitFor(() => expect(listed()).toHaveLength(12));
    expect(listed()[0]).toBe('catatan-0.txt');
    expect(screen.getByTestId('import-error-kind-not_image').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('import-error-kind-damaged').getAttribute('aria-pressed')).toBe('false');
  });
});
