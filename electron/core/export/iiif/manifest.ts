import type { Facet } from '../../../common/contract/index.js';
import { isoRange, type ArchiveFields } from '../archive.js';
import type { Region } from '../profiles/values.js';
import type { ImageRecord } from '../records.js';

/**
 * IIIF Presentation 3 documents (https://iiif.io/api/presentation/3.0/):
 * one Manifest per photo with one Canvas of the image's size, painted by
 * the image whose level-0 Image API service (static tiles) lies under
 * `<base>/images/<id>`; a Collection per import folder and one above them.
 * Labels and metadata are language maps with Indonesian (`id`) and English
 * (`en`); free text whose language the catalogue does not know (the file's
 * own description and copyright) is `none`, as the specification asks.
 */
export const PRESENTATION_CONTEXT = 'http://iiif.io/api/presentation/3/context.json';

export type LanguageMap = Record<string, string[]>;

export interface MetadataEntry {
  label: LanguageMap;
  value: LanguageMap;
}

export const both = (id: string, en: string = id): LanguageMap => ({ id: [id], en: [en] });
const none = (text: string): LanguageMap => ({ none: [text] });

/** Where each document and image lies under the base URL (and under the output folder, the same relative path). */
export const iiifPaths = {
  top: 'collection.json',
  collection: (n: number) => `collections/${n}.json`,
  manifest: (id: number) => `manifests/${id}.json`,
  images: 'images',
  image: (id: number) => `images/${id}`,
  /** The whole image at its size, written beside the tiles so the painting body's id resolves. */
  full: (id: number) => `images/${id}/full/max/0/default.jpg`,
};

export interface ManifestInput {
  record: ImageRecord;
  facets: readonly Facet[];
  regions: Map<string, Region>;
  /** The archive's own description of the photo (canting metadata import); empty when it has none. */
  archive: ArchiveFields;
  /** The served image's size (after orientation), from the tiler. */
  width: number;
  height: number;
  /** A small rendition under the image's folder (path relative to it), for the thumbnail. */
  thumbnail: { path: string; width: number; height: number } | null;
}

/** The archive's fields first, as the archive wrote them (language unknown: `none`); the date in its ISO form when it has one. */
function archiveMetadata(a: ArchiveFields): MetadataEntry[] {
  const entries: [string, string, string | undefined][] = [
    ['Judul', 'Title', a.title],
    ['Tanggal', 'Date', a.dateIso ?? a.date],
    ['Tempat', 'Place', a.place],
    ['Keterangan', 'Description', a.description],
    ['Nomor', 'Identifier', a.identifier],
  ];
  return entries.flatMap(([id, en, value]) => (value ? [{ label: both(id, en), value: none(value) }] : []));
}

function metadata(r: ImageRecord, facets: readonly Facet[], regions: Map<string, Region>, archive: ArchiveFields): MetadataEntry[] {
  const out: MetadataEntry[] = archiveMetadata(archive);
  for (const f of facets) {
    const s = r.facets[f.key];
    if (!s?.finalLabelName) continue;
    out.push({ label: both(f.nameId, f.nameEn), value: both(s.finalLabelName) });
    const region = s.finalLabel ? regions.get(s.finalLabel) : undefined;
    if (region && (region.id || region.en)) out.push({ label: both('Daerah asal', 'Region of origin'), value: both(region.id ?? region.en!, region.en ?? region.id!) });
  }
  if (r.capturedAt) out.push({ label: both('Tanggal pemotretan', 'Date taken'), value: none(r.capturedAt) });
  if (r.keywords.length) out.push({ label: both('Kata kunci', 'Keywords'), value: { none: [...r.keywords] } });
  out.push({ label: both('Berkas', 'File'), value: none(r.relPath) });
  out.push({ label: both('SHA-256'), value: none(r.sha256) });
  return out;
}

/** One photo's Manifest. */
export function buildManifest(base: string, m: ManifestInput): Record<string, unknown> {
  const r = m.record;
  const manifestId = `${base}/${iiifPaths.manifest(r.id)}`;
  const canvasId = `${base}/canvas/${r.id}`;
  const serviceId = `${base}/${iiifPaths.image(r.id)}`;
  const service = [{ id: serviceId, type: 'ImageService3', profile: 'level0' }];
  const manifest: Record<string, unknown> = {
    '@context': PRESENTATION_CONTEXT,
    id: manifestId,
    type: 'Manifest',
    label: both(m.archive.title ?? r.fileName),
    metadata: metadata(r, m.facets, m.regions, m.archive),
  };
  const summary = m.archive.description ?? r.description;
  if (summary) manifest.summary = none(summary);
  // navDate wants a full timestamp: the archive's date (ISO, possibly partial) at its first day's midnight UTC.
  if (m.archive.dateIso) manifest.navDate = `${isoRange(m.archive.dateIso)[0]}T00:00:00Z`;
  if (r.copyright) manifest.requiredStatement = { label: both('Hak cipta', 'Copyright'), value: none(r.copyright) };
  if (m.thumbnail) {
    manifest.thumbnail = [
      { id: `${serviceId}/${m.thumbnail.path}`, type: 'Image', format: 'image/jpeg', width: m.thumbnail.width, height: m.thumbnail.height, service },
    ];
  }
  manifest.items = [
    {
      id: canvasId,
      type: 'Canvas',
      label: both(r.fileName),
      width: m.width,
      height: m.height,
      items: [
        {
          id: `${canvasId}/page`,
          type: 'AnnotationPage',
          items: [
            {
              id: `${canvasId}/page/image`,
              type: 'Annotation',
              motivation: 'painting',
              target: canvasId,
              body: { id: `${base}/${iiifPaths.full(r.id)}`, type: 'Image', format: 'image/jpeg', width: m.width, height: m.height, service },
            },
          ],
        },
      ],
    },
  ];
  return manifest;
}

export interface CollectionMember {
  id: string;
  type: 'Manifest' | 'Collection';
  label: LanguageMap;
}

export function buildCollection(id: string, label: LanguageMap, items: CollectionMember[]): Record<string, unknown> {
  return { '@context': PRESENTATION_CONTEXT, id, type: 'Collection', label, items };
}
