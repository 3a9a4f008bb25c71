import { useTranslation } from 'react-i18next';
import type { Facet } from '../../../electron/common/contract/index.js';

/** A facet's name in the interface language (Indonesian first, English when chosen). */
export function useFacetName(): (f: Facet) => string {
  const { i18n } = useTranslation();
  return (f) => (i18n.language === 'en' ? f.nameEn : f.nameId);
}

/** The `<option>`s of a facet picker, one per facet, named in the interface language. */
export function FacetOptions({ facets }: { facets: readonly Facet[] }) {
  const facetName = useFacetName();
  return (
    <>
      {facets.map((f) => (
        <option key={f.key} value={f.key}>
          {facetName(f)}
        </option>
      ))}
    </>
  );
}
