import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/index.js';

/** Switches the interface language and remembers the choice on this machine. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      {t('app.language')}{' '}
      <select
        value={i18n.language}
        onChange={(e) => {
          localStorage.setItem('canting.language', e.target.value);
          void i18n.changeLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng}>
            {lng === 'id' ? 'Bahasa Indonesia' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );
}
