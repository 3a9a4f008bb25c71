import type { Database } from 'better-sqlite3';
import type { CallName, CallInput, CallOutput } from '../../../electron/common/contract/index.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { tempContext } from '../../helpers/temp.js';

/** Call through the real dispatcher (input and output validated); throws the API error. */
export async function api<N extends CallName>(ctx: AppContext, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as CallOutput<N>;
}

/** The API error code of a failing call. */
export async function apiError<N extends CallName>(ctx: AppContext, name: N, input: CallInput<N>): Promise<{ code: string; message: string }> {
  const r = await dispatch(name, input, ctx);
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error;
}

export function labelId(db: Database, facet: string, key: string): number {
  return db.prepare('SELECT l.id FROM labels l JOIN facets f ON f.id = l.facet_id WHERE f.key = ? AND l.key = ?').pluck().get(facet, key) as number;
}

export function addModel(db: Database, facet: string, version: string, active = true): number {
  const facetId = db.prepare('SELECT id FROM facets WHERE key = ?').pluck().get(facet) as number;
  if (active) db.prepare('UPDATE models SET active = 0 WHERE facet_id = ?').run(facetId);
  return Number(
    db
      .prepare(
        `INSERT INTO models (facet_id, version, source, backbone, labels, manifest, topology, weights, active, created_at)
         VALUES (?, ?, 'trained', 'mobilenet_v2', '[]', '{}', '{}', x'00', ?, ?)`,
      )
      .run(facetId, version, active ? 1 : 0, new Date().toISOString()).lastInsertRowid,
  );
}

/** Image rows without files (grid logic does not read originals). */
export function addImageRows(db: Database, names: string[], opts: { root?: string; folder?: string } = {}): number[] {
  const root = opts.root ?? '/archive';
  db.prepare("INSERT OR IGNORE INTO import_roots (path, created_at) VALUES (?, '2026-01-01T00:00:00Z')").run(root);
  const rootId = db.prepare('SELECT id FROM import_roots WHERE path = ?').pluck().get(root) as number;
  const insert = db.prepare(
    `INSERT INTO images (sha256, root_id, rel_path, file_name, size_bytes, width, height, format, imported_at)
     VALUES (?, ?, ?, ?, 100, 64, 64, 'jpeg', ?)`,
  );
  return names.map((name, i) => {
    const rel = opts.folder ? `${opts.folder}/${name}` : name;
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    return Number(insert.run(`${root}:${rel}`, rootId, rel, name, at).lastInsertRowid);
  });
}

export function predict(db: Database, imageId: number, facet: string, modelId: number, label: string, confidence: number, uncertainty = 1 - confidence): void {
  const facetId = db.prepare('SELECT id FROM facets WHERE key = ?').pluck().get(facet) as number;
  db.prepare(
    `INSERT INTO predictions (image_id, facet_id, model_id, label_id, confidence, uncertainty, topk, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (image_id, model_id) DO UPDATE SET label_id = excluded.label_id, confidence = excluded.confidence, uncertainty = excluded.uncertainty,
       topk = excluded.topk, created_at = excluded.created_at`,
  ).run(imageId, facetId, modelId, labelId(db, facet, label), confidence, uncertainty, JSON.stringify([{ label, p: confidence }]), new Date().toISOString());
}

/** A catalogue with a validator, a motif model and four predicted images plus one unpredicted one. */
export async function reviewCatalogue() {
  const ctx = await tempContext();
  const db = ctx.db;
  await api(ctx, 'settings.set', { validator: 'Sari' });
  const model = addModel(db, 'motif', 'motif-v1');
  const ids = addImageRows(db, ['a-kawung.jpg', 'b-parang.jpg', 'c-truntum.jpg', 'd-unsure.jpg', 'e-new.jpg']);
  predict(db, ids[0], 'motif', model, 'kawung', 0.95);
  predict(db, ids[1], 'motif', model, 'parang', 0.8);
  predict(db, ids[2], 'motif', model, 'truntum', 0.6);
  predict(db, ids[3], 'motif', model, 'kawung', 0.3);
  return { ctx, db, model, ids };
}
