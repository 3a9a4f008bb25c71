import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import { loadHead, predictHead, type HeadArtifacts } from '../models/head.js';
import { readModelFolder } from '../models/store.js';
import type { ModelManifest } from '../models/manifest.js';
import { ensureBackend, type BackendName } from './backend.js';
import { EMBEDDING_DIM } from './backbone-info.js';
import { engineBackboneId, pipelineOfBackbone } from './pipeline-setting.js';
import { activeModelFor, noModelMessage } from './job.js';
import { readLabelledFolder } from './labelled-folder.js';
import { computeMetrics, type EvalMetrics } from './metrics.js';
import { EnginePool, pipelined } from './pool.js';
import { sha256File } from '../importer/hash.js';
import { getModelArtifacts } from '../models/store.js';
import { newCataloguePipeline } from './backbones/default.js';

export interface EvalResult extends EvalMetrics {
  facet: string;
  modelVersion: string;
  images: number;
  failed: { file: string; message: string }[];
  imagesPerSecond: number;
  backend: string;
  /**
   * How many scored files trained this head (found by content hash in its
   * manifest's training.imageSha256); null when the manifest does not list
   * its training images, so nobody knows.
   */
  seenInTraining: number | null;
  /** The metrics on the scored files that did not train it; null when it recorded nothing or every file trained it. */
  unseen: (EvalMetrics & { images: number }) | null;
}

export interface HeadSource {
  manifest: ModelManifest;
  artifacts: HeadArtifacts;
}

/**
 * The head to evaluate: the catalogue's active model when a catalogue is given,
 * else the bundled one a new catalogue would use (the one reading its pipeline;
 * one head is shipped per pipeline), else the facet's first bundled head.
 */
export async function headForEval(facet: string, from: { db?: Database; modelsDir: string }): Promise<HeadSource> {
  if (from.db) {
    const model = activeModelFor(from.db, facet);
    return { manifest: model.manifest, artifacts: getModelArtifacts(from.db, model.id) };
  }
  const shipped: HeadSource[] = [];
  if (fs.existsSync(from.modelsDir)) {
    for (const name of fs.readdirSync(from.modelsDir).sort()) {
      const dir = path.join(from.modelsDir, name);
      if (!fs.existsSync(path.join(dir, 'manifest.json'))) continue;
      const found = readModelFolder(dir);
      if (found.manifest.facet === facet) shipped.push(found);
    }
  }
  const pipeline = newCataloguePipeline();
  const head = shipped.find((h) => pipelineOfBackbone(h.manifest.backbone)?.id === pipeline) ?? shipped[0];
  if (!head) throw new ApiError('not_found', noModelMessage(facet));
  return head;
}

/**
 * Classify a labelled folder (one sub-folder per class) and measure how well
 * the head does. Unreadable files are listed in `failed`, not scored.
 * imagesPerSecond counts decode + backbone + head, from the first request to
 * the last answer (engine start-up excluded; it is paid once per session).
 */
export async function evaluateFolder(
  head: HeadSource,
  dir: string,
  opts: { workers?: number; prefer?: BackendName; onProgress?: (done: number, total: number) => void } = {},
): Promise<EvalResult> {
  const labels = head.manifest.labels;
  const files = readLabelledFolder(dir, labels);
  const trainedOn = await filesTrainedOn(head.manifest, files.map((f) => f.file));
  await ensureBackend(opts.prefer);
  const model = await loadHead(head.artifacts);
  // A fine-tuned version brings its own top block: its head reads only features made with it.
  // A head of another pipeline (pipeline-setting.ts) reads that pipeline's features, at its width.
  const pipeline = pipelineOfBackbone(head.manifest.backbone);
  const dim = pipeline?.dim ?? EMBEDDING_DIM;
  const pool = await EnginePool.start({ workers: opts.workers, prefer: opts.prefer, top: head.artifacts.backboneTop, backboneId: engineBackboneId(pipeline) });
  const truth: number[] = [];
  const predicted: number[] = [];
  const scored: number[] = [];
  const failed: EvalResult['failed'] = [];
  const t0 = performance.now();
  try {
    const items = files.map((f, key) => ({ key, path: f.file }));
    await pipelined(items, 8, pool.size * 2, (batch) => pool.embedFiles(batch), (r) => {
      const keys = [...r.vectors.keys()];
      if (keys.length) {
        const x = new Float32Array(keys.length * dim);
        keys.forEach((key, i) => x.set(r.vectors.get(key)!, i * dim));
        const p = predictHead(model, x, keys.length);
        keys.forEach((key, i) => {
          let best = 0;
          for (let j = 1; j < labels.length; j++) if (p[i * labels.length + j] > p[i * labels.length + best]) best = j;
          truth.push(files[key].label);
          predicted.push(best);
          scored.push(key);
        });
      }
      for (const e of r.errors) failed.push({ file: files[e.key].file, message: e.message });
      opts.onProgress?.(truth.length + failed.length, files.length);
    });
  } finally {
    await pool.close();
    model.dispose();
  }
  const seconds = (performance.now() - t0) / 1000;
  const fresh = trainedOn ? scored.map((key, i) => (trainedOn.has(key) ? -1 : i)).filter((i) => i >= 0) : [];
  return {
    facet: head.manifest.facet,
    modelVersion: head.manifest.version,
    images: truth.length,
    failed,
    imagesPerSecond: Math.round(((truth.length + failed.length) / seconds) * 100) / 100,
    backend: pool.backend.detail,
    ...computeMetrics(labels, truth, predicted),
    seenInTraining: trainedOn ? truth.length - fresh.length : null,
    unseen: fresh.length
      ? { images: fresh.length, ...computeMetrics(labels, fresh.map((i) => truth[i]), fresh.map((i) => predicted[i])) }
      : null,
  };
}

/**
 * Which files (indices into `files`) trained the head, by content hash; null
 * when its manifest does not list its training images. A file that cannot be
 * read is not counted: it fails to decode later and is not scored either.
 */
async function filesTrainedOn(manifest: ModelManifest, files: string[]): Promise<Set<number> | null> {
  const hashes = manifest.training.imageSha256;
  if (!hashes) return null;
  const known = new Set(hashes);
  const out = new Set<number>();
  for (const [i, file] of files.entries()) {
    const hash = await sha256File(file).catch(() => null);
    if (hash !== null && known.has(hash)) out.add(i);
  }
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * What a result says about the photos the model trained on, for people: the
 * score on unseen photos first, since a model scored on its own training
 * photos looks better than it is.
 */
export function trainingOverlapNote(r: Pick<EvalResult, 'images' | 'accuracy' | 'seenInTraining' | 'unseen' | 'modelVersion'>): string {
  if (r.seenInTraining === null) {
    return `${r.modelVersion} did not record which images trained it, so if these photos were among them its score (${pct(r.accuracy)}) is optimistic.`;
  }
  // Matching is by exact file bytes: a re-saved or resized copy of a training photo is not recognised, so say what was checked.
  if (r.seenInTraining === 0) return `None of these ${r.images} files is identical to one that trained ${r.modelVersion}: ${pct(r.accuracy)}.`;
  if (!r.unseen) {
    return `All ${r.images} of these photos trained ${r.modelVersion}: none is unseen, so there is no fair score here (${pct(r.accuracy)} on its own training photos).`;
  }
  return `${r.seenInTraining} of these ${r.images} photos trained this model; on the other ${r.unseen.images}: ${pct(r.unseen.accuracy)} (${pct(r.accuracy)} on all of them, optimistic).`;
}
