import i18next, { type i18n } from 'i18next';
import type { ApiErrorShape } from '../../../electron/common/errors.js';
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
    // No advertisement in the user's (or the test run's) console.
    showSupportNotice: false,
    initAsync: false,
  });
  return instance;
}

/**
 * The interface's wording of a core error where the `apiErrors` translations
 * have its key, in the instance's current language (so a language switch
 * applies to the next error); null keeps the core's English message.
 */
export function errorLocaliser(instance: i18n): (error: ApiErrorShape) => string | null {
  return (error) => localised(instance, 'apiErrors', error.messageKey, error.params);
}

/** A message the core named by key (errors, job steps), worded from `namespace` where a wording exists; null otherwise. */
export function localised(instance: i18n, namespace: 'apiErrors' | 'jobMessages', key: string | undefined, params: Record<string, string | number> | undefined): string | null {
  const path = key && `${namespace}.${key}`;
  return path && instance.exists(path) ? instance.t(path, params ?? {}) : null;
}
