import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { ErrorBanner } from '../../components/ErrorBanner.js';

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
        {notice && (
          <p role="status" className="notice" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <label>
          {t('team.signIn.username')}
          <input data-testid="sign-in-username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('team.signIn.password')}
          <input data-testid="sign-in-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <ErrorBanner testId="sign-in-error">{error}</ErrorBanner>}
        <button type="submit" data-testid="sign-in-submit" disabled={busy || !username.trim() || !password}>
          {t('team.signIn.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </div>
  );
}
