import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CredentialFields } from '../../components/CredentialFields.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';
import { remoteBridge } from '../../api/remote.js';

interface Props {
  /** Why the screen is shown, e.g. a session that ended. */
  notice: string | null;
  onSignIn(username: string, password: string): Promise<void>;
}

export function SignInScreen({ notice, onSignIn }: Props) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The desktop app on a server: which one this sign-in is for.
  const [server, setServer] = useState<string | null>(null);
  useEffect(() => {
    remoteBridge()
      ?.status()
      .then(
        (s) => {
          if (s?.kind !== 'remote') return;
          setServer(new URL(s.url).host);
          setUsername((typed) => typed || s.username); // signing in again: most often the same person
        },
        () => setServer(null),
      );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn(username.trim(), password);
    } catch (err) {
      setError((err as Error).message);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in" data-testid="sign-in">
      <form className="sign-in-form" onSubmit={(e) => void submit(e)}>
        <h1>{t('app.title')}</h1>
        <p>{t('team.signIn.intro')}</p>
        {server && <p data-testid="sign-in-server">{t('remote.server', { host: server })}</p>}
        {notice && (
          <p role="status" className="notice" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <CredentialFields testId="sign-in" autoFocus username={username} password={password} onUsername={setUsername} onPassword={setPassword} />
        {error && <ErrorBanner testId="sign-in-error">{error}</ErrorBanner>}
        <button type="submit" data-testid="sign-in-submit" disabled={busy || !username.trim() || !password}>
          {t('team.signIn.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </div>
  );
}
