import { useTranslation } from 'react-i18next';

/**
 * The CSV's layout for a collection system (Omeka S, AtoM) and its options:
 * the language of facet names and regions in subjects and places, and AtoM's
 * parent description per import folder.
 */
export const CSV_PROFILES = ['dublin-core', 'omeka-s', 'atom'] as const;
export type CsvProfile = (typeof CSV_PROFILES)[number];
/** `ui`: the interface's language; `both`: Indonesian and English. */
export type SubjectLanguageChoice = 'ui' | 'both';

export interface CsvProfileChoice {
  profile: CsvProfile;
  language: SubjectLanguageChoice;
  parentPerRoot: boolean;
}

export const DEFAULT_CSV_PROFILE: CsvProfileChoice = { profile: 'dublin-core', language: 'ui', parentPerRoot: false };

/** The contract's CSV options for a choice, the interface language standing in for `ui`; none for the default catalogue CSV. */
export function csvProfileInput(choice: CsvProfileChoice, uiLanguage: string) {
  if (choice.profile === 'dublin-core') return {};
  return {
    profile: choice.profile,
    subjectLanguage: choice.language === 'both' ? ('both' as const) : uiLanguage.startsWith('en') ? ('en' as const) : ('id' as const),
    parentPerRoot: choice.profile === 'atom' && choice.parentPerRoot,
  };
}

export function CsvProfileFields({ value, onChange }: { value: CsvProfileChoice; onChange: (v: CsvProfileChoice) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="export-field">
        {t('exportInterop.profile.label')}
        <select data-testid="export-csv-profile" value={value.profile} onChange={(e) => onChange({ ...value, profile: e.target.value as CsvProfile })}>
          {CSV_PROFILES.map((p) => (
            <option key={p} value={p}>
              {t(`exportInterop.profile.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {value.profile !== 'dublin-core' && (
        <>
          <p>{t(`exportInterop.profile.help.${value.profile}`)}</p>
          <label className="export-field">
            {t('exportInterop.language.label')}
            <select data-testid="export-csv-language" value={value.language} onChange={(e) => onChange({ ...value, language: e.target.value as SubjectLanguageChoice })}>
              <option value="ui">{t('exportInterop.language.ui')}</option>
              <option value="both">{t('exportInterop.language.both')}</option>
            </select>
          </label>
        </>
      )}
      {value.profile === 'atom' && (
        <label className="export-check">
          <input type="checkbox" data-testid="export-csv-parent" checked={value.parentPerRoot} onChange={(e) => onChange({ ...value, parentPerRoot: e.target.checked })} />
          {t('exportInterop.parentPerRoot')}
        </label>
      )}
    </>
  );
}
