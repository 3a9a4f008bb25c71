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

  it('shares one event stream among every screen that listens, so listeners never use up the browser’s connections', async () => {
    const client = createClient(errorLocaliser(initI18n('id')));
    let push: (text: string) => void = () => {};
    const signals: AbortSignal[] = [];
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      signals.push(init!.signal!);
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          push = (text) => c.enqueue(new TextEncoder().encode(text));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    vi.stubGlobal('fetch', fetchMock);
    // Eight screens listen at once (more than the six connections a browser allows a server).
    const received: unknown[][] = Array.from({ length: 8 }, () => []);
    const offs = received.map((got) => client.onEvent((e) => got.push(e)));
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(fetchMock.mock.calls[0][0]).toBe('/api/events');
    push(`data: ${JSON.stringify({ type: 'catalogue-changed', reason: 'import' })}\n\n`);
    await vi.waitFor(() => expect(received.every((got) => got.length === 1)).toBe(true));
    expect(received[7][0]).toEqual({ type: 'catalogue-changed', reason: 'import' });
    // The stream stays while anyone listens, and closes with the last one.
    offs.slice(0, 7).forEach((off) => off());
    expect(signals[0].aborted).toBe(false);
    offs[7]();
    expect(signals[0].aborted).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});

