import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../i18n/index.js';

export const LANGUAGE_KEY = 'canting.language';

/**
 * Switches the interface language and remembers the choice on this machine
 * (and, through `onChange`, in the catalogue's settings).
 */
export function LanguageSwitch({ onChange }: { onChange?(language: Language): void }) {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      {t('app.language')}{' '}
      <select
        value={i18n.language}
        onChange={(e) => {
          const lng = e.target.value as Language;
          localStorage.setItem(LANGUAGE_KEY, lng);
          void i18n.changeLanguage(lng);
          document.documentElement.lang = lng;
          onChange?.(lng);
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
