import type { Database } from 'better-sqlite3';
import type { JobServices } from '../jobs/services.js';
import { ApiError, RunCutOff } from '../../common/errors.js';
import type { ClassifyJobResult } from '../../common/contract/index.js';
import { getFacet } from '../catalogue/facets.js';
import type { JobContext } from '../jobs/runner.js';
import { assertRunnable } from '../models/runnable.js';
import { loadHead, predictHead } from '../models/head.js';
import { getActiveModel, getModelArtifacts, type ModelRow } from '../models/store.js';
import { ensureBackend, type BackendName } from './backend.js';
import { BACKBONE_ID, EMBEDDING_DIM } from './backbone-info.js';
import { getEmbeddings, putEmbedding } from './embeddings.js';
import { embedTargets, type FileTarget } from './embed-targets.js';
import { EnginePool } from './pool.js';
import { recordPipelineCost } from './pipeline-cost.js';
import { assertHeadMatchesPipeline, engineBackboneId, pipelineOfBackbone } from './pipeline-setting.js';
import type { Embedder, EmbedderSource } from './embedder.js';
import { predictionWriter, summarise } from './predictions.js';
import { countImages } from '../catalogue/stats.js';
import { IMAGE_FILES_SQL, imageFile } from '../catalogue/roots.js';

/** What a classify job needs of the open catalogue: the job services, and the queue's workers when the server has them. */
type ClassifyServices = JobServices & { remote?: EmbedderSource | null };

export interface ClassifyParams {
  facet: string;
  /** Only these images (a selection); default: the whole catalogue. */
  imageIds?: number[];
  /** Skip images that already have a prediction from the active model (resume). */
  onlyUnpredicted?: boolean;
}

export interface ClassifyOptions {
  workers?: number;
  prefer?: BackendName;
  /** Images per inference request. */
  batchSize?: number;
  /** A running pool to use (and leave running), e.g. a benchmark's warm one; default: start one for this job. */
  pool?: EnginePool;
}

export type ClassifyResult = ClassifyJobResult;

const MAX_REPORTED_ERRORS = 100;
const CACHE_CHUNK = 256;

export function noModelMessage(facet: string): string {
  return `no model for ${facet} yet; train one from validators' labels`;
}

/** The facet's active head (the shipped ones were registered when the catalogue was opened); a clear error when there is none. */
export function activeModelFor(db: Database, facetKey: string): ModelRow {
  getFacet(db, facetKey); // unknown facet → not_found with the known ones
  const model = getActiveModel(db, facetKey);
  if (!model) throw new ApiError('not_found', noModelMessage(facetKey)).translated('noModel', { facet: facetKey });
  assertRunnable(model);
  return model;
}

function selectTargets(db: Database, params: ClassifyParams, modelId: number): FileTarget[] {
  const total = countImages(db);
  if (total === 0) throw new ApiError('invalid_input', 'The catalogue is empty: import images before classifying').translated('catalogueEmpty');
  let sql = `${IMAGE_FILES_SQL} WHERE i.superseded_by IS NULL`;
  if (params.onlyUnpredicted) sql += ' AND NOT EXISTS (SELECT 1 FROM predictions p WHERE p.image_id = i.id AND p.model_id = @modelId)';
  sql += ' ORDER BY i.id';
  const rows = db.prepare(sql).all(params.onlyUnpredicted ? { modelId } : {}) as { id: number; root: string; rel_path: string }[];
  let targets = rows.map((r) => ({ id: r.id, file: imageFile(r) }));
  if (params.imageIds) {
    const wanted = new Set(params.imageIds);
    const known = new Set((db.prepare('SELECT id FROM images').pluck().all() as number[]));
    const unknown = params.imageIds.filter((id) => !known.has(id));
    if (unknown.length) throw new ApiError('not_found', `No image(s) with id ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}`);
    targets = targets.filter((t) => wanted.has(t.id));
  }
  return targets;
}

function diskFull(kept: number): ApiError {
  return new ApiError(
    'io',
    `The disk holding the catalogue is full. Free some space, then continue with only the unclassified images (Continue on the Classify screen, or canting classify --only-unpredicted): it goes on where it stopped (${kept} prediction(s) of this run kept, nothing lost).`,
  ).translated('classifyDiskFull', { kept });
}

/** Keep the `jobs` table in step, so a run killed mid-way is seen as interrupted later. */
function jobRecorder(db: Database, id: string, params: ClassifyParams) {
  db.prepare("UPDATE jobs SET state = 'interrupted' WHERE kind = 'classify' AND state = 'running'").run();
  db.prepare("INSERT INTO jobs (id, kind, state, params, started_at) VALUES (?, 'classify', 'running', ?, ?)").run(
    id,
    JSON.stringify(params),
    new Date().toISOString(),
  );
  const progress = db.prepare('UPDATE jobs SET progress = ? WHERE id = ?');
  const finish = db.prepare('UPDATE jobs SET state = ?, finished_at = ?, error = ?, progress = ? WHERE id = ?');
  return {
    progress: (p: object) => progress.run(JSON.stringify(p), id),
    finish: (state: string, error: string | null, p: object) => finish.run(state, new Date().toISOString(), error, JSON.stringify(p), id),
  };
}

/**
 * Classify images for a facet with its active model. Validates everything a
 * user can get wrong before starting (unknown facet, no model, empty
 * catalogue); then runs as a job. Cancelling keeps everything finished so far;
 * starting again with onlyUnpredicted continues where it stopped.
 */
export async function startClassify(
  ctx: ClassifyServices,
  params: ClassifyParams,
  opts: ClassifyOptions = {},
): Promise<{ id: string; done: Promise<ClassifyResult>; total: number; model: ModelRow }> {
  const model = activeModelFor(ctx.db, params.facet);
  assertHeadMatchesPipeline(ctx.db, model);
  const targets = selectTargets(ctx.db, params, model.id);
  const facet = getFacet(ctx.db, params.facet);
  const title = `Classify ${targets.length} image(s) for ${facet.nameEn} with ${model.version}`;
  const job = ctx.jobs.start('classify', title, (jc) => runClassify(ctx, jc, params, model, targets, opts));
  void job.done.then(
    () => ctx.events.emit({ type: 'catalogue-changed', reason: 'classified' }),
    () => ctx.events.emit({ type: 'catalogue-changed', reason: 'classified' }),
  );
  return { ...job, total: targets.length, model };
}

async function runClassify(
  ctx: ClassifyServices,
  jc: JobContext,
  params: ClassifyParams,
  model: ModelRow,
  targets: FileTarget[],
  opts: ClassifyOptions,
): Promise<ClassifyResult> {
  const db = ctx.db;
  const record = jobRecorder(db, jc.id, params);
  const result: ClassifyResult = {
    facet: params.facet,
    modelId: model.id,
    modelVersion: model.version,
    backend: null,
    total: targets.length,
    classified: 0,
    fromCache: 0,
    failed: 0,
    errors: [],
  };
  const report = () => {
    jc.progress({ found: result.total, done: result.classified, failed: result.failed });
  };
  let pool: Embedder | null = null;
  let ownPool: Embedder | null = null;
  try {
    await ensureBackend(opts.prefer);
    const artifacts = getModelArtifacts(db, model.id);
    const head = await loadHead(artifacts);
    // A fine-tuned version reads features of its own top block, cached under its own backbone id.
    const backboneId = model.backbone;
    // The head's pipeline (a fine-tuned top is MobileNetV2's): its width and the engine to start.
    const pipeline = pipelineOfBackbone(backboneId);
    const dim = pipeline?.dim ?? EMBEDDING_DIM;
    const write = predictionWriter(db, model.facetId, model.id);
    // Embeddings of one batch and their predictions commit together: a kill loses at most in-flight batches.
    const store = db.transaction((ids: number[], vectors: Float32Array, fresh: boolean) => {
      const probs = predictHead(head, vectors, ids.length);
      const k = model.labels.length;
      ids.forEach((id, i) => {
        if (fresh) putEmbedding(db, id, backboneId, vectors.subarray(i * dim, (i + 1) * dim));
        write(id, summarise(probs.subarray(i * k, (i + 1) * k), model.labels));
      });
    });
    report();

    // 1. Images whose embedding is cached: head only, in chunks so memory stays bounded.
    const uncached: FileTarget[] = [];
    for (let i = 0; i < targets.length; i += CACHE_CHUNK) {
      jc.throwIfCancelled();
      const chunk = targets.slice(i, i + CACHE_CHUNK);
      const cached = getEmbeddings(db, chunk.map((t) => t.id), backboneId);
      const hit = chunk.filter((t) => cached.has(t.id));
      uncached.push(...chunk.filter((t) => !cached.has(t.id)));
      if (hit.length) {
        const vectors = new Float32Array(hit.length * dim);
        hit.forEach((t, j) => vectors.set(cached.get(t.id)!, j * dim));
        store(hit.map((t) => t.id), vectors, false);
        result.classified += hit.length;
        result.fromCache += hit.length;
        report();
      }
    }

    // 2. The rest through the engine workers.
    if (uncached.length) {
      // A warm pool is used only if it computes this model's features.
      const usable = opts.pool && opts.pool.backboneId === backboneId ? opts.pool : undefined;
      pool =
        usable ??
        // A fine-tuned top block stays on this machine's threads: workers run the shipped backbones
        // and do not fetch a catalogue's own weights (docs/design/queue.md).
        (ownPool = ctx.remote && !artifacts.backboneTop
          ? ctx.remote.embedder({ runId: jc.id, pipeline: pipeline?.id ?? BACKBONE_ID, topModelId: null, backboneId, dim, signal: jc.signal })
          : await EnginePool.start({ workers: opts.workers, prefer: opts.prefer, top: artifacts.backboneTop, backboneId: engineBackboneId(pipeline) }));
      result.backend = pool.backend.detail;
      // Cached images took the head alone (near instant): measure rate and ETA from here, over the images left.
      jc.progress({ message: pool.backend.detail, rateFromHere: true });
      const embedStart = performance.now();
      const embeddedBefore = result.classified;
      await embedTargets(pool, uncached, result, {
        batchSize: opts.batchSize,
        maxReported: MAX_REPORTED_ERRORS,
        shouldStop: () => jc.signal.aborted,
        store: (embedded) => {
          const ids = [...embedded.keys()];
          const vectors = new Float32Array(ids.length * dim);
          ids.forEach((id, j) => vectors.set(embedded.get(id)!, j * dim));
          store(ids, vectors, true);
          result.classified += ids.length;
        },
        progress: () => {
          report();
          record.progress({ classified: result.classified, failed: result.failed, total: result.total });
        },
      });
      // What this pipeline costs on this machine's own threads (pipeline-cost.ts); queue workers' speed is not this machine's.
      if (!ctx.remote || artifacts.backboneTop) recordPipelineCost(db, pipeline?.id ?? backboneId, {
        images: result.classified - embeddedBefore,
        seconds: (performance.now() - embedStart) / 1000,
        workers: pool.size,
        backend: pool.backend.detail,
      });
    } else {
      result.backend = (await ensureBackend(opts.prefer)).detail;
    }
    head.dispose();
    jc.throwIfCancelled();
    record.finish('done', null, result);
    return result;
  } catch (err) {
    // The server is stopping with batches on the queue: left running, as a crash leaves it, so its next start continues the run.
    if (err instanceof RunCutOff) throw err;
    // A full disk is not the images' fault: what was committed stays, and continuing
    // with only the unclassified images classifies the rest, as the message says.
    const full = (err as { code?: string }).code === 'SQLITE_FULL';
    try {
      record.finish(jc.signal.aborted ? 'cancelled' : full ? 'interrupted' : 'failed', (err as Error).message, result);
    } catch {
      // the same full disk may refuse this update too; the run then reads as cut off, which it is
    }
    if (full) throw diskFull(result.classified);
    throw err;
  } finally {
    await ownPool?.close();
  }
}
