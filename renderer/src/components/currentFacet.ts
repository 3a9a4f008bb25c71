import { createContext, useContext } from 'react';

/**
 * The facet the user is working on (the one chosen on the review screen), so the other screens
 * (models, training export) open on it instead of on a fixed facet. Null before the facets are known.
 */
export const CurrentFacetContext = createContext<string | null>(null);

export function useCurrentFacet(): string | null {
  return useContext(CurrentFacetContext);
}
