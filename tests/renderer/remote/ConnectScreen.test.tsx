// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { RemoteBridge, RemoteConnectRequest, RemoteConnectResult } from '../../../electron/common/remote.js';
import { ApiError } from '../../../electron/common/errors.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import { ConnectScreen } from '../../../renderer/src/features/remote/ConnectScreen.js';
import { RemoteGate } from '../../../renderer/src/features/remote/RemoteGate.js';
import { TeamGate } from '../../../renderer/src/features/team/TeamGate.js';
import { answeringClient } from '../fakeClient.js';

afterEach(() => {
  cleanup();
  delete (window as unknown as { canting?: unknown }).canting;
});

const FINGERPRINT = '3F:9A:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD';
const budi = { id: 2, username: 'budi', displayName: 'Budi', role: 'archivist' as const };

/** A bridge whose connect answers from `answers` in turn, recording each request. */
function fakeBridge(answers: RemoteConnectResult[], extra: Partial<RemoteBridge> = {}) {
  const requests: RemoteConnectRequest[] = [];
  let show: (() => void) | null = null;
  const bridge: RemoteBridge = {
    connect: async (request) => {
      requests.push(request);
      return answers.shift()!;
    },
    signIn: async () => ({ ok: true, value: budi }),
    signOut: async () => {},
    status: async () => ({ kind: 'remote', url: 'https://arsip.example:8443', username: 'budi', signedIn: false }),
    recent: async () => [{ url: 'https://arsip.example:8443', username: 'budi' }],
    onShowConnect: (listener) => {
      show = listener;
      return () => (show = null);
    },
    ...extra,
  };
  return { bridge, requests, show: () => show?.() };
}

function renderScreen(bridge: RemoteBridge, language: 'id' | 'en' = 'id', onConnected = vi.fn()) {
  render(
    <I18nextProvider i18n={initI18n(language)}>
      <ConnectScreen bridge={bridge} onCancel={() => {}} onConnected={onConnected} />
    </I18nextProvider>,
  );
  return onConnected;
}

function fill(url: string, username: string, password: string) {
  fireEvent.change(screen.getByTestId('remote-url'), { target: { value: url } });
  fireEvent.change(screen.getByTestId('remote-username'), { target: { value: username } });
  fireEvent.change(screen.getByTestId('remote-password'), { target: { value: password } });
  fireEvent.click(screen.getByTestId('remote-submit'));
}

const refused = (e: ApiError): RemoteConnectResult => ({ ok: false, error: e.toJSON() });

describe('the server connection screen', () => {
  it('connects with the address and account typed', async () => {
    const { bridge, requests } = fakeBridge([{ ok: true, user: budi, url: 'https://arsip.example' }]);
    const onConnected = renderScreen(bridge);
    fill(' arsip.example ', ' budi ', 'kawung-parang-1');
    await waitFor(() => expect(onConnected).toHaveBeenCalledWith(budi, 'https://arsip.example'));
    expect(requests).toEqual([{ url: 'arsip.example', username: 'budi', password: 'kawung-parang-1', acceptFingerprint: undefined }]);
  });

  it('shows an untrusted certificate with its fingerprint and trusts exactly it only when accepted', async () => {
    const certificate = { fingerprint: FINGERPRINT, subject: 'CN=arsip.example', issuer: 'CN=arsip.example', validFrom: 'Dec 1 2026', validTo: 'Dec 1 2027', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' };
    const { bridge, requests } = fakeBridge([{ ok: false, untrusted: certificate }, { ok: true, user: budi, url: 'https://arsip.example' }]);
    const onConnected = renderScreen(bridge);
    fill('https://arsip.example', 'budi', 'kawung-parang-1');
    expect(await screen.findByTestId('remote-fingerprint')).toHaveProperty('textContent', FINGERPRINT);
    expect(screen.getByTestId('remote-certificate').textContent).toContain('Server arsip.example memakai sertifikat yang tidak dijamin');
    expect(onConnected).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('remote-trust'));
    await waitFor(() => expect(onConnected).toHaveBeenCalled());
    expect(requests[1]).toMatchObject({ url: 'https://arsip.example', password: 'kawung-parang-1', acceptFingerprint: FINGERPRINT });
  });

  it('declining the certificate goes back to the form without connecting', async () => {
    const certificate = { fingerprint: FINGERPRINT, subject: 'CN=x', issuer: 'CN=x', validFrom: '', validTo: '', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' };
    const { bridge, requests } = fakeBridge([{ ok: false, untrusted: certificate }]);
    renderScreen(bridge);
    fill('https://arsip.example', 'budi', 'kawung-parang-1');
    fireEvent.click(await screen.findByTestId('remote-distrust'));
    expect(screen.getByTestId('remote-url')).toHaveProperty('value', 'https://arsip.example');
    expect(requests).toHaveLength(1);
  });

  it('warns that a certificate changed, in Bahasa Indonesia and in English', async () => {
    const changed = new ApiError('forbidden', 'The certificate changed').translated('remoteCertificateChanged', { host: 'arsip.example:8443', fingerprint: FINGERPRINT });
    for (const language of ['id', 'en'] as const) {
      const { bridge } = fakeBridge([refused(changed)]);
      renderScreen(bridge, language);
      fill('https://arsip.example:8443', 'budi', 'kawung-parang-1');
      const alert = await screen.findByTestId('remote-error');
      expect(alert.textContent).toContain(
        language === 'id' ? 'Sertifikat server berubah. Sertifikat arsip.example:8443 bukan yang dulu Anda percayai' : "The server's certificate has changed. The certificate of arsip.example:8443 is not the one you trusted before",
      );
      expect(alert.textContent).toContain(FINGERPRINT);
      cleanup();
    }
  });

  it('says what went wrong: wrong password (password cleared, the rest kept), unreachable, not a team catalogue, plain http', async () => {
    const answers = [
      refused(new ApiError('unauthorized', 'Wrong username or password').translated('signInFailed')),
      refused(new ApiError('io', 'x').translated('remoteUnreachable', { host: 'arsip.example' })),
      refused(new ApiError('unsupported', 'x').translated('remoteNotTeam', { host: 'arsip.example' })),
      refused(new ApiError('invalid_input', 'x').translated('remoteInsecureUrl', { host: '192.0.2.7' })),
    ];
    const { bridge } = fakeBridge(answers);
    renderScreen(bridge);
    fill('https://arsip.example', 'budi', 'salah-sandi-1');
    expect((await screen.findByTestId('remote-error')).textContent).toBe('Nama pengguna atau kata sandi salah');
    expect(screen.getByTestId('remote-password')).toHaveProperty('value', '');
    expect(screen.getByTestId('remote-url')).toHaveProperty('value', 'https://arsip.example');
    const expectations = [
      'Server arsip.example tidak dapat dihubungi; periksa alamat dan jaringan',
      'arsip.example tidak menyajikan katalog tim Canting',
      'http:// biasa hanya boleh ke komputer ini; 192.0.2.7 memerlukan https://',
    ];
    for (const text of expectations) {
      fireEvent.change(screen.getByTestId('remote-password'), { target: { value: 'kawung-parang-1' } });
      fireEvent.click(screen.getByTestId('remote-submit'));
      await waitFor(() => expect(screen.getByTestId('remote-error').textContent).toContain(text));
    }
  });

  it('offers recent servers (address and username, never a password)', async () => {
    const { bridge } = fakeBridge([]);
    renderScreen(bridge);
    fireEvent.click(await screen.findByText('budi @ https://arsip.example:8443'));
    expect(screen.getByTestId('remote-url')).toHaveProperty('value', 'https://arsip.example:8443');
    expect(screen.getByTestId('remote-username')).toHaveProperty('value', 'budi');
    expect(screen.getByTestId('remote-password')).toHaveProperty('value', '');
  });
});

describe('the desktop app on a server', () => {
  it('the menu shows the connection screen over the app; cancel returns to it unchanged', async () => {
    const fake = fakeBridge([]);
    (window as unknown as { canting: unknown }).canting = { remote: fake.bridge };
    render(
      <I18nextProvider i18n={initI18n('id')}>
        <RemoteGate>
          <p data-testid="the-app">app</p>
        </RemoteGate>
      </I18nextProvider>,
    );
    expect(screen.queryByTestId('remote-connect')).toBeNull();
    act(() => fake.show());
    expect(await screen.findByText('Buka katalog tim di server')).toBeTruthy();
    expect(screen.getByTestId('the-app').parentElement!.style.display).toBe('none');
    fireEvent.click(screen.getByTestId('remote-cancel'));
    expect(screen.queryByTestId('remote-connect')).toBeNull();
    expect(screen.getByTestId('the-app').parentElement!.style.display).toBe('contents');
  });

  it('an ended session goes back to sign-in saying why and for which server, and signs in through main', async () => {
    const signIn = vi.fn(async () => ({ ok: true as const, value: budi }));
    const fake = fakeBridge([], { signIn });
    (window as unknown as { canting: unknown }).canting = { remote: fake.bridge };
    let signedIn = false;
    const expired = new ApiError('unauthorized', 'Your session has ended; please sign in again').translated('sessionExpired');
    const { client } = answeringClient({
      'auth.me': () => {
        if (!signedIn) throw Object.assign(expired, { message: 'Sesi Anda telah berakhir; silakan masuk lagi' });
        return { team: true, user: budi, allowed: ['health'] };
      },
    });
    render(
      <I18nextProvider i18n={initI18n('id')}>
        <ClientContext.Provider value={client}>
          <TeamGate>
            <p data-testid="the-app">app</p>
          </TeamGate>
        </ClientContext.Provider>
      </I18nextProvider>,
    );
    expect((await screen.findByTestId('sign-in-notice')).textContent).toBe('Sesi Anda telah berakhir; silakan masuk lagi');
    expect((await screen.findByTestId('sign-in-server')).textContent).toBe('Server: arsip.example:8443');
    signedIn = true;
    expect(screen.getByTestId('sign-in-username')).toHaveProperty('value', 'budi');
    fireEvent.change(screen.getByTestId('sign-in-password'), { target: { value: 'kawung-parang-1' } });
    fireEvent.click(screen.getByTestId('sign-in-submit'));
    await screen.findByTestId('the-app');
    expect(signIn).toHaveBeenCalledWith('budi', 'kawung-parang-1');
  });
});
