import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { sheet } from '../metadata/fixture.js';

/**
 * Catalogue rows for export tests, written with plain SQL (the review area's
 * API is not a dependency of exports): models, predictions, reviews, audit log.
 */
export function facetId(db: Database, key: string): number {
  return (db.prepare('SELECT id FROM facets WHERE key = ?').get(key) as { id: number }).id;
}

export function labelId(db: Database, facet: string, key: string): number {
  return (db.prepare('SELECT l.id FROM labels l JOIN facets f ON f.id = l.facet_id WHERE f.key = ? AND l.key = ?').get(facet, key) as { id: number }).id;
}

/** A model version, by default made its facet's active one (the one whose predictions the catalogue shows). */
export function addModel(db: Database, facet: string, version: string, labels: string[], active = true): number {
  if (active) db.prepare('UPDATE models SET active = 0 WHERE facet_id = ?').run(facetId(db, facet));
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at)
       VALUES (?, ?, 'trained', 'test-backbone', ?, '{}', '{}', x'00', ?, '2026-01-02T00:00:00.000Z')`,
    )
    .run(facetId(db, facet), version, JSON.stringify(labels), active ? 1 : 0);
  return Number(lastInsertRowid);
}

export function predict(db: Database, imageId: number, facet: string, modelId: number, label: string, confidence: number, at = '2026-02-01T00:00:00.000Z'): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(imageId, facetId(db, facet), modelId, labelId(db, facet, label), confidence, 1 - confidence, JSON.stringify([{ label, p: confidence }]), at);
  return Number(lastInsertRowid);
}

export interface ReviewSpec {
  status: 'predicted' | 'corrected' | 'validated' | 'rejected';
  label?: string | null;
  validator?: string;
  note?: string | null;
  at?: string;
  predictionId?: number | null;
  fromLabel?: string | null;
}

/** The current decision plus its audit entry, as the review area would write them. */
export function review(db: Database, imageId: number, facet: string, spec: ReviewSpec): void {
  const fid = facetId(db, facet);
  const at = spec.at ?? '2026-03-01T10:00:00.000Z';
  const lid = spec.label ? labelId(db, facet, spec.label) : null;
  db.prepare(
    `INSERT INTO reviews (image_id, facet_id, status, label_id, prediction_id, validator, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (image_id, facet_id) DO UPDATE SET status = excluded.status, label_id = excluded.label_id, validator = excluded.validator,
       note = excluded.note, updated_at = excluded.updated_at, revision = reviews.revision + 1`,
  ).run(imageId, fid, spec.status, lid, spec.predictionId ?? null, spec.validator ?? 'Sari', spec.note ?? null, at);
  db.prepare(
    `INSERT INTO audit_log (at, actor, action, entity, image_id, facet_id, from_status, from_label_id, to_status, to_label_id, details)
     VALUES (?, ?, ?, 'review', ?, ?, 'predicted', ?, ?, ?, ?)`,
  ).run(
    at,
    spec.validator ?? 'Sari',
    spec.status === 'rejected' ? 'reject' : spec.status === 'validated' ? 'validate' : 'label',
    imageId,
    fid,
    spec.fromLabel ? labelId(db, facet, spec.fromLabel) : null,
    spec.status,
    lid,
    JSON.stringify({ via: 'test' }),
  );
}

/** Write small generated JPEGs under root (one per name, distinct content) and insert their rows. */
export async function images(db: Database, root: string, relPaths: string[], seedBase = 1): Promise<number[]> {
  for (const [i, rel] of relPaths.entries()) await writeJpeg(path.join(root, rel), seedBase + i, 16);
  return insertImages(db, root, relPaths);
}

/** The archivist's spreadsheet for one photo, imported the way `canting metadata import` does (the date as 25/03/1998). */
export async function importArchiveSheet(ctx: AppContext, fileName: string): Promise<void> {
  const csv = sheet([
    'file|identifier|title|description|date|place',
    `${fileName}|MB-1998-017|Kain panjang Kawung Picis|Kain panjang dengan isen cecek; koleksi hibah|25/03/1998|Pekalongan – Jawa Tengah`,
  ]);
  const r = await dispatch('metadata.import', { csv, match: 'file-name' }, ctx);
  if (!r.ok) throw new Error(r.error.message);
}
