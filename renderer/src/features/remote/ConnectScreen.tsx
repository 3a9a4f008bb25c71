import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignedInUser } from '../../../../electron/common/contract/index.js';
import type { ApiErrorShape } from '../../../../electron/common/errors.js';
import type { CertificateInfo, RecentServer, RemoteBridge } from '../../../../electron/common/remote.js';
import { CredentialFields } from '../../components/CredentialFields.js';
import { errorLocaliser } from '../../i18n/index.js';

interface Props {
  bridge: RemoteBridge;
  onCancel(): void;
  /** Signed in: main switches the window to the server (and reloads the page). */
  onConnected?(user: SignedInUser, url: string): void;
}

/**
 * "Open a team catalogue on a server": address, username, password. A
 * certificate the system does not vouch for is shown with its fingerprint
 * and trusted only when the user says so; every refusal says what it was.
 */
export function ConnectScreen({ bridge, onCancel, onConnected }: Props) {
  const { t, i18n } = useTranslation();
  const localise = useMemo(() => errorLocaliser(i18n), [i18n]);
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [recent, setRecent] = useState<RecentServer[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorShape | null>(null);
  const [untrusted, setUntrusted] = useState<CertificateInfo | null>(null);

  useEffect(() => {
    bridge.recent().then(setRecent, () => setRecent([]));
  }, [bridge]);

  const connect = async (acceptFingerprint?: string) => {
    setBusy(true);
    setError(null);
    try {
      const result = await bridge.connect({ url: url.trim(), username: username.trim(), password, acceptFingerprint });
      if (result.ok) {
        setUntrusted(null);
        onConnected?.(result.user, result.url);
      } else if ('untrusted' in result) {
        setUntrusted(result.untrusted);
      } else {
        setUntrusted(null);
        setError(result.error);
        // A wrong password is typed again; the address and name stay.
        if (result.error.code === 'unauthorized') setPassword('');
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void connect();
  };

  const changed = error?.messageKey === 'remoteCertificateChanged';
  const message = error ? (localise(error) ?? error.message) : null;

  if (untrusted) {
    return (
      <div className="sign-in" data-testid="remote-certificate">
        <div className="sign-in-form remote-certificate">
          <h1>{t('remote.certificate.title')}</h1>
          <p>{t('remote.certificate.body', { host: hostOf(url) })}</p>
          <dl>
            <dt>{t('remote.certificate.fingerprint')}</dt>
            <dd>
              <code data-testid="remote-fingerprint">{untrusted.fingerprint}</code>
            </dd>
            <dt>{t('remote.certificate.subject')}</dt>
            <dd>{untrusted.subject}</dd>
            <dt>{t('remote.certificate.issuer')}</dt>
            <dd>{untrusted.issuer}</dd>
            <dt>{t('remote.certificate.reason')}</dt>
            <dd>
              <code>{untrusted.reason}</code>
            </dd>
            <dt>{t('remote.certificate.valid')}</dt>
            <dd>
              {untrusted.validFrom} – {untrusted.validTo}
            </dd>
          </dl>
          <p className="notice">{t('remote.certificate.check')}</p>
          <button type="button" data-testid="remote-trust" disabled={busy} onClick={() => void connect(untrusted.fingerprint)}>
            {t('remote.certificate.trust')}
          </button>
          <button type="button" data-testid="remote-distrust" disabled={busy} onClick={() => setUntrusted(null)}>
            {t('remote.cancel')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="sign-in" data-testid="remote-connect">
      <form className="sign-in-form" onSubmit={submit}>
        <h1>{t('remote.title')}</h1>
        <p>{t('remote.intro')}</p>
        <label>
          {t('remote.url')}
          <input data-testid="remote-url" type="text" inputMode="url" autoFocus placeholder={t('remote.urlPlaceholder')} value={url} onChange={(e) => setUrl(e.target.value)} required />
        </label>
        <CredentialFields testId="remote" username={username} password={password} onUsername={setUsername} onPassword={setPassword} />
        {message && (
          <div role="alert" className={changed ? 'error-banner remote-warning' : 'error-banner'} data-testid="remote-error">
            {changed && <strong>{t('remote.changedTitle')} </strong>}
            {message}
          </div>
        )}
        <button type="submit" data-testid="remote-submit" disabled={busy || !url.trim() || !username.trim() || !password}>
          {busy ? t('remote.connecting') : t('remote.connect')}
        </button>
        <button type="button" data-testid="remote-cancel" onClick={onCancel}>
          {t('remote.cancel')}
        </button>
        {recent.length > 0 && (
          <section className="remote-recent" data-testid="remote-recent">
            <h2>{t('remote.recent')}</h2>
            <ul>
              {recent.map((r) => (
                <li key={`${r.url} ${r.username}`}>
                  <button
                    type="button"
                    onClick={() => {
                      setUrl(r.url);
                      setUsername(r.username);
                      setError(null);
                    }}
                  >
                    {r.username} @ {r.url}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </form>
    </div>
  );
}

function hostOf(typed: string): string {
  try {
    return new URL(/^[a-z]+:\/\//i.test(typed.trim()) ? typed.trim() : `https://${typed.trim()}`).host;
  } catch {
    return typed;
  }
}
