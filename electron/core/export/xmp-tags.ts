/**
 * The keywords Canting writes into XMP, and how they merge with keywords a
 * photographer already has. Canting's branch of the keyword tree is
 * "Batik|<facet>|<label>" (Lightroom's lr:hierarchicalSubject) and
 * "Batik/<facet>/<label>" (digiKam's TagsList); dc:subject holds the labels
 * as flat keywords, as Lightroom writes the leaf of each hierarchical one.
 */
export const ROOT_KEYWORD = 'Batik';

export interface LabelKeyword {
  /** The facet's name in each language written (one or both). */
  facetNames: string[];
  label: string;
}

export interface Keywords {
  subject: string[];
  hierarchical: string[];
  tagsList: string[];
}

const uniq = (xs: string[]) => [...new Set(xs)];

export function cantingKeywords(labels: LabelKeyword[]): Keywords {
  const paths = labels.flatMap((l) => l.facetNames.map((f) => [ROOT_KEYWORD, f, l.label]));
  return {
    subject: uniq(labels.map((l) => l.label)),
    hierarchical: uniq(paths.map((p) => p.join('|'))),
    tagsList: uniq(paths.map((p) => p.join('/'))),
  };
}

/**
 * The photo's keywords after an export: everything it had, except entries of
 * Canting's own branch for these facets (a label changed since the last
 * export is replaced, not added beside the old one) and the flat keywords
 * those old entries stood for; then Canting's current ones.
 */
export function mergeKeywords(existing: Partial<Keywords>, ours: Keywords, facetNames: string[]): Keywords {
  const owned = (entry: string, sep: string) => facetNames.some((f) => entry.startsWith(`${ROOT_KEYWORD}${sep}${f}${sep}`));
  const oldHier = (existing.hierarchical ?? []).filter((h) => owned(h, '|'));
  const oldLeaves = new Set(oldHier.map((h) => h.split('|').at(-1)!));
  return {
    subject: uniq([...(existing.subject ?? []).filter((s) => !oldLeaves.has(s)), ...ours.subject]),
    hierarchical: uniq([...(existing.hierarchical ?? []).filter((h) => !owned(h, '|')), ...ours.hierarchical]),
    tagsList: uniq([...(existing.tagsList ?? []).filter((t) => !owned(t, '/')), ...ours.tagsList]),
  };
}
