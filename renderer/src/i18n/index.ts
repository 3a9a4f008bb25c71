import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import id from './locales/id.json';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Bahasa Indonesia first; English as the fallback for anything not yet translated. */
export function initI18n(language: Language = 'id') {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { id: { translation: id }, en: { translation: en } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}
