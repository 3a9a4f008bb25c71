// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../../renderer/src/api/client.js';
import { errorLocaliser, initI18n } from '../../../renderer/src/i18n/index.js';

function answer(body: unknown) {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } })));
}

afterEach(() => vi.unstubAllGlobals());

describe('the renderer’s client', () => {
  it('shows a core error in the interface’s language where a wording exists, and the core’s English where none does', async () => {
    const i18n = initI18n('id');
    const client = createClient(errorLocaliser(i18n));
    answer({ ok: false, error: { code: 'invalid_input', message: 'Confidence range is empty: minimum 0.9 is above maximum 0.1', messageKey: 'confidenceRange', params: { min: 90, max: 10 } } });
    await expect(client.call('review.counts', { facet: 'motif' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Rentang keyakinan kosong: minimum 90% lebih besar dari maksimum 10%',
    });

    await i18n.changeLanguage('en');
    await expect(client.call('review.counts', { facet: 'motif' })).rejects.toMatchObject({ message: 'Confidence range is empty: minimum 90% is above maximum 10%' });

    await i18n.changeLanguage('id');
    answer({ ok: false, error: { code: 'io', message: 'Something only the core knows', messageKey: 'noSuchKeyYet', params: {} } });
    await expect(client.call('review.counts', { facet: 'motif' })).rejects.toMatchObject({ message: 'Something only the core knows' });
    answer({ ok: false, error: { code: 'io', message: 'No key at all' } });
    await expect(client.call('review.counts', { facet: 'motif' })).rejects.toMatchObject({ message: 'No key at all' });
  });

  it('says in the user’s language when the server cannot be reached', async () => {
    const client = createClient(errorLocaliser(initI18n('id')));
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(client.call('health', {})).rejects.toMatchObject({ code: 'io', message: expect.stringContaining('tidak dapat dihubungi') });
  });
});
