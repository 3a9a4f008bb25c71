import fs from 'node:fs';
import { once } from 'node:events';
import type { Database } from 'better-sqlite3';
import type { Facet } from '../../common/contract/index.js';
import { mimeType, spatialValues } from './columns.js';
import type { FacetState, ImageRecord } from './records.js';
import { archiveReader } from './archive.js';

/**
 * JSON catalogue export: one object per image with its file facts, embedded
 * metadata, and per facet the current state, every prediction ever stored
 * (oldest first) and the full decision history from the append-only audit log.
 */
export const JSON_FORMAT = 'canting-catalogue';
export const JSON_FORMAT_VERSION = 1;

export interface PredictionEntry {
  id: number;
  modelVersion: string | null;
  label: string | null;
  confidence: number;
  uncertainty: number;
  topk: unknown;
  createdAt: string;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  fromStatus: string | null;
  fromLabel: string | null;
  toStatus: string | null;
  toLabel: string | null;
  modelVersion: string | null;
  batchId: string | null;
  undoOf: number | null;
  details: unknown;
}

export interface JsonImage {
  id: number;
  sha256: string;
  file: { root: string; source: string; fileName: string; sizeBytes: number; width: number; height: number; format: string; mime: string; missing: boolean };
  metadata: {
    capturedAt: string | null;
    camera: string | null;
    gps: { lat: number; lon: number } | null;
    description: string | null;
    keywords: string[];
    copyright: string | null;
    spatial: string[];
    other: Record<string, unknown> | null;
  };
  importedAt: string;
  dupGroup: number | null;
  facets: Record<string, { current: FacetState; predictions: PredictionEntry[]; history: HistoryEntry[] }>;
  /** Audit entries about the image that name no facet. */
  history: HistoryEntry[];
  /** The archive's own description from its spreadsheets (canting metadata import): field → value as given, and the date's ISO form where it reads one way. */
  archive: Record<string, string>;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds the JSON object of one record, with prepared statements reused across images. */
export function jsonImageBuilder(db: Database, facets: readonly Facet[]): (r: ImageRecord) => JsonImage {
  const predictions = db.prepare(
    `SELECT p.id, m.version AS modelVersion, l.key AS label, p.confidence, p.uncertainty, p.topk, p.created_at AS createdAt
     FROM predictions p LEFT JOIN models m ON m.id = p.model_id LEFT JOIN labels l ON l.id = p.label_id
     WHERE p.image_id = ? AND p.facet_id = ? ORDER BY p.created_at, p.id`,
  );
  const auditCols = `a.id, a.at, a.actor, a.action, a.from_status AS fromStatus, fl.key AS fromLabel, a.to_status AS toStatus, tl.key AS toLabel,
     m.version AS modelVersion, a.batch_id AS batchId, a.undo_of AS undoOf, a.details
     FROM audit_log a LEFT JOIN labels fl ON fl.id = a.from_label_id LEFT JOIN labels tl ON tl.id = a.to_label_id LEFT JOIN models m ON m.id = a.model_id`;
  const facetHistory = db.prepare(`SELECT ${auditCols} WHERE a.image_id = ? AND a.facet_id = ? ORDER BY a.id`);
  const imageHistory = db.prepare(`SELECT ${auditCols} WHERE a.image_id = ? AND a.facet_id IS NULL ORDER BY a.id`);
  const archiveFields = archiveReader(db) as (id: number) => Record<string, string>;
  const history = (rows: unknown[]): HistoryEntry[] =>
    (rows as (HistoryEntry & { details: string | null })[]).map((h) => ({ ...h, details: parse(h.details) }));

  return (r) => ({
    id: r.id,
    sha256: r.sha256,
    file: {
      root: r.rootPath,
      source: r.relPath,
      fileName: r.fileName,
      sizeBytes: r.sizeBytes,
      width: r.width,
      height: r.height,
      format: r.format,
      mime: mimeType(r.format),
      missing: r.missing,
    },
    metadata: {
      capturedAt: r.capturedAt,
      camera: r.camera,
      gps: r.gpsLat !== null && r.gpsLon !== null ? { lat: r.gpsLat, lon: r.gpsLon } : null,
      description: r.description,
      keywords: r.keywords,
      copyright: r.copyright,
      spatial: spatialValues(r.metadata),
      other: r.metadata,
    },
    importedAt: r.importedAt,
    dupGroup: r.dupGroup,
    facets: Object.fromEntries(
      facets.map((f) => [
        f.key,
        {
          current: r.facets[f.key],
          predictions: (predictions.all(r.id, f.id) as (PredictionEntry & { topk: string })[]).map((p) => ({ ...p, topk: parse(p.topk) })),
          history: history(facetHistory.all(r.id, f.id)),
        },
      ]),
    ),
    history: history(imageHistory.all(r.id)),
    archive: archiveFields(r.id),
  });
}

export interface JsonHeader {
  exportedAt: string;
  appVersion: string;
  facets: { key: string; nameId: string; nameEn: string; labels: { key: string; name: string }[] }[];
  filter: unknown;
}

/**
 * Stream `{ format, version, exportedAt, …, images: [ … ] }` to a new file,
 * one image object per line inside the array.
 */
export async function writeJsonFile(
  file: string,
  header: JsonHeader,
  images: Iterable<JsonImage>,
  onRecord?: () => void,
): Promise<number> {
  const out = fs.createWriteStream(file, { flags: 'wx' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };
  let n = 0;
  try {
    const head = JSON.stringify({ format: JSON_FORMAT, version: JSON_FORMAT_VERSION, ...header });
    await write(`${head.slice(0, -1)},"images":[\n`);
    for (const image of images) {
      onRecord?.();
      await write(`${n ? ',\n' : ''}${JSON.stringify(image)}`);
      n++;
    }
    await write('\n]}\n');
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (err) {
    out.destroy();
    throw err;
  }
  return n;
}
