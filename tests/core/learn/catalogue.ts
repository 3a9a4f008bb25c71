import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { CallInput, CallName, CallOutput } from '../../../electron/common/contract/index.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { BACKBONE_ID, EMBEDDING_DIM } from '../../../electron/core/classify/backbone-info.js';
import { putEmbeddings } from '../../../electron/core/classify/embeddings.js';
import { insertImages, writeJpeg } from '../../helpers/images.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { gaussianClusters } from './fixtures.js';

export const TEMA = ['arsitektur', 'budaya', 'fauna', 'flora'];

/**
 * A catalogue with `perLabel` images per tema label: tiny JPEG files (for
 * thumbnails), clustered embeddings of the backbone's width standing in for the backbone's,
 * and validated reviews by two validators (none with `reviewed: false`: a new facet).
 */
export async function learnCatalogue(
  opts: { perLabel?: number[]; noise?: number; seed?: number; reviewed?: boolean } = {},
): Promise<{ ctx: AppContext; ids: number[]; truth: number[] }> {
  const ctx = await tempContext();
  const root = tempDir('canting-learn-');
  const per = opts.perLabel ?? [12, 12, 12, 12];
  const c = gaussianClusters({ k: 4, perCluster: per, dim: EMBEDDING_DIM, spread: 3, noise: opts.noise ?? 1.2, seed: opts.seed ?? 3 });
  const rels: string[] = [];
  for (let i = 0; i < c.vectors.length; i++) rels.push(await writeJpeg(path.join(root, `img_${i}.jpg`), i + 1, 16).then(() => `img_${i}.jpg`));
  const ids = await insertImages(ctx.db, root, rels);
  putEmbeddings(ctx.db, BACKBONE_ID, ids.map((imageId, i) => ({ imageId, vector: c.vectors[i] })));
  if (opts.reviewed === false) return { ctx, ids, truth: c.labels };
  ids.forEach((id, i) => review(ctx.db, id, TEMA[c.labels[i]], i % 3 === 0 ? 'Sari' : 'Budi', `2026-03-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00.000Z`));
  return { ctx, ids, truth: c.labels };
}

export function review(db: Database, imageId: number, label: string, validator = 'Sari', at = new Date().toISOString(), facet = 'tema'): void {
  const labelId = db.prepare('SELECT l.id FROM labels l JOIN facets f ON f.id = l.facet_id WHERE f.key = ? AND l.key = ?').pluck().get(facet, label) as number;
  const facetId = db.prepare('SELECT id FROM facets WHERE key = ?').pluck().get(facet) as number;
  db.prepare(
    `INSERT INTO reviews (image_id, facet_id, status, label_id, validator, updated_at) VALUES (?, ?, 'validated', ?, ?, ?)
     ON CONFLICT (image_id, facet_id) DO UPDATE SET status = 'corrected', label_id = excluded.label_id, validator = excluded.validator, updated_at = excluded.updated_at`,
  ).run(imageId, facetId, labelId, validator, at);
}

/** Call through the real dispatcher (input and output validated); throws with the API error's code. */
export async function api<N extends CallName>(ctx: AppContext, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as CallOutput<N>;
}

export function modelCount(db: Database): number {
  return db.prepare('SELECT COUNT(*) FROM models').pluck().get() as number;
}
