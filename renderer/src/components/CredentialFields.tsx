import { useTranslation } from 'react-i18next';

interface Props {
  username: string;
  password: string;
  onUsername(value: string): void;
  onPassword(value: string): void;
  /** data-testid prefix: `${testId}-username`, `${testId}-password`. */
  testId: string;
  autoFocus?: boolean;
}

/** Username and password, as the sign-in form and the server connection screen both ask for them. */
export function CredentialFields({ username, password, onUsername, onPassword, testId, autoFocus }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('team.signIn.username')}
        <input data-testid={`${testId}-username`} autoComplete="username" autoFocus={autoFocus} value={username} onChange={(e) => onUsername(e.target.value)} required />
      </label>
      <label>
        {t('team.signIn.password')}
        <input data-testid={`${testId}-password`} type="password" autoComplete="current-password" value={password} onChange={(e) => onPassword(e.target.value)} required />
      </label>
    </>
  );
}
