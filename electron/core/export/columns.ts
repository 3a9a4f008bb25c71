import type { Facet } from '../../common/contract/index.js';
import type { ImageRecord } from './records.js';

/**
 * Catalogue CSV columns.
 *
 * Dublin Core terms (as `dcterms:<term>` so collection systems such as Omeka
 * or CollectiveAccess can map them by name) where one fits:
 * - `dcterms:identifier`  the catalogue's image id (the content-stable id is `sha256`)
 * - `dcterms:title`       the file name
 * - `dcterms:subject`     reviewed labels (display names) of every exported facet, then the file's keywords; multi-valued
 * - `dcterms:description` the embedded description (EXIF/IPTC/XMP)
 * - `dcterms:spatial`     origin region: location names found in the file's metadata (sub-location, city, province/state, country); multi-valued
 * - `dcterms:created`     capture date from the file's metadata
 * - `dcterms:format`      MIME type
 * - `dcterms:source`      path of the original file relative to its import root (forward slashes)
 * - `dcterms:rights`      the embedded copyright notice
 * then the workstation's own: `sha256`, `width`, `height`, and per facet
 * `<facet>.predicted_label`, `.confidence`, `.model_version`, `.review_status`,
 * `.final_label`, `.validated_by`, `.validated_at`, `.note`. Labels in the
 * facet columns are label keys (as in training folders); confidence is 0..1.
 * `final_label` is empty until a validator corrected or validated the item;
 * `validated_by/at` are set for corrected, validated and rejected items and
 * name the decision's author and time (a later note does not move them).
 * Last, `source_root`: the absolute path of the import root `dcterms:source`
 * is relative to (the same relative path can be in two roots). It comes after
 * every other column so theirs keep their positions.
 *
 * Multi-valued cells join values with MULTI_SEPARATOR (" | "). Inside a
 * value, "\" is written "\\" and "|" is written "\|", so splitMulti() gives
 * the values back exactly.
 */
export const MULTI_SEPARATOR = ' | ';

export type Cell = string | number | null;

export interface Column<R = ImageRecord> {
  header: string;
  value: (r: R) => Cell;
}

export function joinMulti(values: readonly string[]): string {
  return values
    .filter((v) => v.length > 0)
    .map((v) => v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|'))
    .join(MULTI_SEPARATOR);
}

/** The inverse of joinMulti. */
export function splitMulti(cell: string): string[] {
  if (cell === '') return [];
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '\\' && i + 1 < cell.length) {
      cur += cell[++i];
    } else if (cell.startsWith(MULTI_SEPARATOR, i)) {
      out.push(cur);
      cur = '';
      i += MULTI_SEPARATOR.length - 1;
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

const MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  tiff: 'image/tiff',
  tif: 'image/tiff',
  gif: 'image/gif',
  heif: 'image/heif',
  heic: 'image/heic',
  avif: 'image/avif',
};

export function mimeType(format: string): string {
  return MIME[format.toLowerCase()] ?? `image/${format.toLowerCase()}`;
}

// Metadata keys (as exifr and XMP name them) that say where a cloth or photo comes from, most specific first.
const LOCATION_KEYS = ['sublocation', 'location', 'city', 'province-state', 'provincestate', 'state', 'country-primarylocationname', 'countryname', 'country'];

/** Location names found in an image's metadata, most specific first, without repeats. */
export function spatialValues(metadata: Record<string, unknown> | null): string[] {
  if (!metadata) return [];
  const byKey = new Map<string, unknown>();
  for (const [k, v] of Object.entries(metadata)) byKey.set(k.toLowerCase().replace(/[\s_]/g, ''), v);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const key of LOCATION_KEYS) {
    const v = byKey.get(key);
    const text = typeof v === 'string' ? v.trim() : '';
    if (text && !seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out;
}

/** The catalogue CSV's columns for the exported facets, in order. */
export function catalogueColumns(facets: readonly Facet[]): Column[] {
  const columns: Column[] = [
    { header: 'dcterms:identifier', value: (r) => r.id },
    { header: 'dcterms:title', value: (r) => r.fileName },
    {
      header: 'dcterms:subject',
      value: (r) => joinMulti([...facets.map((f) => r.facets[f.key]?.finalLabelName ?? ''), ...r.keywords]),
    },
    { header: 'dcterms:description', value: (r) => r.description },
    { header: 'dcterms:spatial', value: (r) => joinMulti(spatialValues(r.metadata)) },
    { header: 'dcterms:created', value: (r) => r.capturedAt },
    { header: 'dcterms:format', value: (r) => mimeType(r.format) },
    { header: 'dcterms:source', value: (r) => r.relPath },
    { header: 'dcterms:rights', value: (r) => r.copyright },
    { header: 'sha256', value: (r) => r.sha256 },
    { header: 'width', value: (r) => r.width },
    { header: 'height', value: (r) => r.height },
  ];
  for (const f of facets) {
    const s = (r: ImageRecord) => r.facets[f.key];
    columns.push(
      { header: `${f.key}.predicted_label`, value: (r) => s(r).predictedLabel },
      { header: `${f.key}.confidence`, value: (r) => s(r).confidence },
      { header: `${f.key}.model_version`, value: (r) => s(r).modelVersion },
      { header: `${f.key}.review_status`, value: (r) => s(r).status },
      { header: `${f.key}.final_label`, value: (r) => s(r).finalLabel },
      { header: `${f.key}.validated_by`, value: (r) => s(r).validator },
      { header: `${f.key}.validated_at`, value: (r) => s(r).decidedAt },
      { header: `${f.key}.note`, value: (r) => s(r).note },
    );
  }
  columns.push({ header: 'source_root', value: (r) => r.rootPath });
  return columns;
}
