// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ApiError } from '../../../electron/common/errors.js';
import { ClientContext, useClient } from '../../../renderer/src/api/context.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { TeamGate } from '../../../renderer/src/features/team/TeamGate.js';
import { answeringClient } from '../fakeClient.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const person = (id: number, username: string) => ({ id, username, displayName: username, role: 'validator' as const });

/** A screen with something typed in it and one call behind a button. */
function Screen() {
  const client = useClient();
  const [result, setResult] = useState('');
  return (
    <div>
      <input data-testid="typed" />
      <button type="button" data-testid="go" onClick={() => client.call('health', {}).then(() => setResult('made'), (e: Error) => setResult(`failed: ${e.message}`))}>
        go
      </button>
      <span data-testid="result">{result}</span>
    </div>
  );
}

/** Ayu is signed in; her session has ended, so the next `health` fails once with sessionExpired. Signing in answers `next`. */
function gate(next: ReturnType<typeof person>) {
  let me = person(3, 'ayu');
  let expired = true;
  const fake = answeringClient({
    'auth.me': () => ({ team: true, user: me, allowed: ['health'] }),
    health: () => {
      if (!expired) return { ok: true };
      expired = false;
      throw new ApiError('unauthorized', 'Sesi Anda telah berakhir; silakan masuk lagi').translated('sessionExpired');
    },
  });
  vi.stubGlobal('fetch', async () => {
    me = next;
    return { json: async () => ({ ok: true, value: { token: 't', user: next } }) };
  });
  render(
    <I18nextProvider i18n={initI18n('id')}>
      <ClientContext.Provider value={fake.client}>
        <TeamGate>
          <Screen />
        </TeamGate>
      </ClientContext.Provider>
    </I18nextProvider>,
  );
  return fake;
}

async function expireThenSignIn(username: string) {
  const typed = (await screen.findByTestId('typed')) as HTMLInputElement;
  fireEvent.change(typed, { target: { value: 'kain panjang' } });
  fireEvent.click(screen.getByTestId('go'));
  expect((await screen.findByTestId('sign-in-notice')).textContent).toBe('Sesi Anda telah berakhir; silakan masuk lagi');
  fireEvent.change(screen.getByTestId('sign-in-username'), { target: { value: username } });
  fireEvent.change(screen.getByTestId('sign-in-password'), { target: { value: 'kawung-parang-1' } });
  fireEvent.click(screen.getByTestId('sign-in-submit'));
  await waitFor(() => expect(screen.queryByTestId('sign-in')).toBeNull());
}

describe('a session that ends mid-work', () => {
  it('keeps the screen for the same person and makes the call that found the session ended once they are back', async () => {
    const fake = gate(person(3, 'ayu'));
    await expireThenSignIn('ayu');
    await waitFor(() => expect(screen.getByTestId('result').textContent).toBe('made'));
    expect((screen.getByTestId('typed') as HTMLInputElement).value).toBe('kain panjang');
    expect(fake.calls.filter((c) => c.name === 'health')).toHaveLength(2);
  });

  it('starts afresh for someone else, and the waiting call is not made as them', async () => {
    const fake = gate(person(4, 'budi'));
    await expireThenSignIn('budi');
    expect((screen.getByTestId('typed') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('result').textContent).toBe('');
    expect(fake.calls.filter((c) => c.name === 'health')).toHaveLength(1);
  });
});
