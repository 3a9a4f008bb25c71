import type { Database } from 'better-sqlite3';
import type { Facet } from '../../../common/contract/index.js';
import { spatialValues } from '../columns.js';
import type { ImageRecord } from '../records.js';

/**
 * The values the collection-system profiles (Omeka S, AtoM) share: subjects
 * from reviewed labels, places from the motif knowledge cards' regions and
 * the file's own location metadata.
 */

export type SubjectLanguage = 'id' | 'en' | 'both';

export interface Region {
  id: string | null;
  en: string | null;
}

/** Knowledge-card regions by motif key, read once per export (the card table, migrations 0003/0006). */
export function knowledgeRegions(db: Database): Map<string, Region> {
  const rows = db.prepare('SELECT key, region_id, region_en FROM motif_knowledge').all() as { key: string; region_id: string | null; region_en: string | null }[];
  return new Map(rows.map((r) => [r.key, { id: r.region_id, en: r.region_en }]));
}

export function unique(values: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const t = v?.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

function inLanguages<T>(language: SubjectLanguage, id: T, en: T): T[] {
  return language === 'both' ? [id, en] : language === 'en' ? [en] : [id];
}

/**
 * Subjects: each reviewed (corrected or validated) label as "<facet name>: <label>",
 * the facet name in the chosen language(s) (labels have one name; facets
 * have an Indonesian and an English one), then the file's own keywords.
 */
export function subjectValues(r: ImageRecord, facets: readonly Facet[], language: SubjectLanguage): string[] {
  const labels = facets.flatMap((f) => {
    const name = r.facets[f.key]?.finalLabelName;
    return name ? inLanguages(language, f.nameId, f.nameEn).map((facetName) => `${facetName}: ${name}`) : [];
  });
  return unique([...labels, ...r.keywords]);
}

/** Places: the regions of the knowledge cards of the image's reviewed labels, then locations from the file's metadata. */
export function placeValues(r: ImageRecord, facets: readonly Facet[], regions: Map<string, Region>, language: SubjectLanguage): string[] {
  const fromCards = facets.flatMap((f) => {
    const key = r.facets[f.key]?.finalLabel;
    const region = key ? regions.get(key) : undefined;
    return region ? inLanguages(language, region.id ?? region.en, region.en ?? region.id) : [];
  });
  return unique([...fromCards, ...spatialValues(r.metadata)]);
}

/**
 * Join values for a system whose separator has no escape (Omeka S, AtoM): a
 * separator inside a value becomes "/" so it cannot split the value in two.
 */
export function joinPlain(values: readonly string[], separator: string): string {
  return values.map((v) => v.split(separator).join('/')).join(separator);
}
