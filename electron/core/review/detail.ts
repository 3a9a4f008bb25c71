import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { ImageDetail, ReviewStatus } from '../../common/contract/index.js';
import { listFacets } from '../catalogue/facets.js';
import { imageHistory } from './history.js';

interface ImageRow {
  id: number;
  file_name: string;
  rel_path: string;
  root_id: number;
  root: string;
  width: number;
  height: number;
  format: string;
  size_bytes: number;
  captured_at: string | null;
  camera: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  description: string | null;
  keywords: string | null;
  copyright: string | null;
  imported_at: string;
  missing: number;
  dup_group: number | null;
  has_thumb: number;
}

interface FacetRow {
  status: ReviewStatus;
  label_id: number | null;
  confidence: number | null;
  uncertainty: number | null;
  note: string | null;
  revision: number;
  validator: string | null;
  updated_at: string | null;
  decided_at: string | null;
  note_by: string | null;
  note_at: string | null;
  version: string | null;
  topk: string | null;
  hint: string | null;
}

const DUPLICATES_SHOWN = 24;

function parseKeywords(json: string | null): string[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** Everything the large view shows about one image, in one call. */
export function imageDetail(db: Database, id: number): ImageDetail {
  const img = db
    .prepare(
      `SELECT i.*, r.path AS root, EXISTS (SELECT 1 FROM thumbnails t WHERE t.image_id = i.id) AS has_thumb
       FROM images i JOIN import_roots r ON r.id = i.root_id WHERE i.id = ?`,
    )
    .get(id) as ImageRow | undefined;
  if (!img) throw new ApiError('not_found', `No image with id ${id}`);

  const facetState = db.prepare(
    `SELECT g.status, g.label_id, g.confidence, g.uncertainty, g.note, g.revision, r.validator, r.updated_at, r.decided_at, r.note_by, r.note_at, m.version, p.topk, h.key AS hint
     FROM review_grid g
     LEFT JOIN reviews r ON r.image_id = g.image_id AND r.facet_id = g.facet_id
     LEFT JOIN predictions p ON p.id = g.prediction_id
     LEFT JOIN models m ON m.id = g.model_id
     LEFT JOIN labels h ON h.id = g.hint_label_id
     WHERE g.image_id = ? AND g.facet_id = ?`,
  );
  const facets = listFacets(db).flatMap((facet) => {
    const r = facetState.get(id, facet.id) as FacetRow | undefined;
    if (!r) return []; // superseded images have no grid rows
    const byKey = new Map(facet.labels.map((l) => [l.key, l]));
    const label = facet.labels.find((l) => l.id === r.label_id) ?? null;
    const topk = r.topk ? (JSON.parse(r.topk) as { label: string; p: number }[]) : [];
    return [
      {
        facet: facet.key,
        status: r.status,
        label: label?.key ?? null,
        labelName: label?.name ?? null,
        validator: r.validator,
        note: r.note,
        noteBy: r.note === null ? null : r.note_by,
        noteAt: r.note === null ? null : r.note_at,
        updatedAt: r.updated_at,
        decidedAt: r.decided_at,
        revision: r.revision,
        modelVersion: r.version,
        confidence: r.confidence,
        uncertainty: r.uncertainty,
        topk: topk.map((t) => ({ label: String(t.label), name: byKey.get(String(t.label))?.name ?? null, p: Number(t.p) })),
        hint: r.hint,
      },
    ];
  });

  const duplicates =
    img.dup_group === null
      ? []
      : (db
          .prepare(
            `SELECT i.id, i.file_name AS fileName, i.width, i.height, EXISTS (SELECT 1 FROM thumbnails t WHERE t.image_id = i.id) AS has_thumb
             FROM images i WHERE i.dup_group = ? AND i.id <> ? AND i.superseded_by IS NULL ORDER BY i.id LIMIT ${DUPLICATES_SHOWN}`,
          )
          .all(img.dup_group, id) as { id: number; fileName: string; width: number; height: number; has_thumb: number }[]).map(({ has_thumb, ...d }) => ({
          ...d,
          hasThumbnail: has_thumb === 1,
        }));

  return {
    id: img.id,
    fileName: img.file_name,
    relPath: img.rel_path,
    rootId: img.root_id,
    rootPath: img.root,
    width: img.width,
    height: img.height,
    format: img.format,
    sizeBytes: img.size_bytes,
    capturedAt: img.captured_at,
    camera: img.camera,
    gps: img.gps_lat !== null && img.gps_lon !== null ? { lat: img.gps_lat, lon: img.gps_lon } : null,
    description: img.description,
    keywords: parseKeywords(img.keywords),
    copyright: img.copyright,
    importedAt: img.imported_at,
    missing: img.missing === 1,
    hasThumbnail: img.has_thumb === 1,
    facets,
    duplicates,
    history: imageHistory(db, id),
  };
}
