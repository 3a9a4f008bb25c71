import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Job } from 'bullmq';
import { ANALYSE_QUEUE, AnalyseJobData, AnalyseJobResult, EmbedJobData, EmbedJobResult, embedQueueName } from '../../common/queue-protocol.js';
import { putEmbeddings } from '../classify/embeddings.js';
import { startClassify, type ClassifyParams } from '../classify/job.js';
import type { EmbedderSource } from '../classify/embedder.js';
import { ImportWriter, type QueuedFile } from '../importer/store.js';
import type { JobServices } from '../jobs/services.js';
import { decodeAnalyseResult, decodeVectors } from './execute.js';
import type { QueueProducer } from './producer.js';
import { localPipelines, parsePipeline } from './pipeline.js';

export interface ReconcileReport {
  /** Results of jobs finished while the server was away, now stored. */
  stored: number;
  /** Failed jobs dropped (the continued run queues their photos again). */
  dropped: number;
  /** Jobs still queued or running on workers: the continued runs find them by id. */
  pending: number;
}

function existingImages(db: Database, ids: number[]): Set<number> {
  const has = db.prepare('SELECT 1 FROM images WHERE id = ?').pluck();
  return new Set(ids.filter((id) => has.get(id) !== undefined));
}

function storeEmbed(db: Database, job: Job): number {
  const data = EmbedJobData.parse(job.data);
  const r = EmbedJobResult.parse(job.returnvalue);
  const backbone =
    data.topModelId === null ? parsePipeline(data.pipeline)?.backboneId : (db.prepare('SELECT backbone FROM models WHERE id = ?').pluck().get(data.topModelId) as string | undefined);
  if (!backbone) return 0;
  const all = decodeVectors(r.vectors);
  const live = existingImages(db, r.keys);
  const rows = r.keys.flatMap((imageId, i) => (live.has(imageId) ? [{ imageId, vector: all.slice(i * r.dim, (i + 1) * r.dim) }] : []));
  // An upsert: storing a result twice leaves one embedding per image.
  putEmbeddings(db, backbone, rows);
  return rows.length;
}

function storeAnalyse(db: Database, job: Job): number {
  const data = AnalyseJobData.parse(job.data);
  const r = AnalyseJobResult.parse(job.returnvalue);
  const fileRow = db.prepare(
    'SELECT f.rowid AS rowid, f.root_id AS rootId, r.path AS rootPath, f.rel_path AS rel, f.job_id AS jobId FROM import_files f JOIN import_roots r ON r.id = f.root_id WHERE f.rowid = ?',
  );
  const writers = new Map<number, ImportWriter>();
  let stored = 0;
  db.transaction(() => {
    for (const wire of r.results) {
      const file = fileRow.get(wire.key) as (QueuedFile & { jobId: number }) | undefined;
      const item = data.items.find((it) => it.key === wire.key);
      if (!file || !item) continue;
      let writer = writers.get(file.jobId);
      if (!writer) writers.set(file.jobId, (writer = new ImportWriter(db, file.jobId)));
      let res = decodeAnalyseResult(wire);
      if (res.kind === 'image') {
        const st = fs.statSync(path.join(file.rootPath, ...file.rel.split('/')), { throwIfNoEntry: false });
        res = { ...res, size: st?.size ?? res.size, mtimeMs: st ? Math.trunc(st.mtimeMs) : res.mtimeMs };
      }
      // The writer leaves a row that is no longer pending alone: a result read twice changes nothing.
      if (writer.apply(file, res)) stored++;
    }
  })();
  return stored;
}

/**
 * After a server restart: store what the workers finished while it was away
 * (the results wait in Redis until read), drop failed jobs (their photos are
 * queued again by the continued run), and count what is still queued or
 * running. Nothing is taken from a worker that holds a job.
 */
export async function reconcileQueue(db: Database, producer: QueueProducer): Promise<ReconcileReport> {
  const report: ReconcileReport = { stored: 0, dropped: 0, pending: 0 };
  const names = [ANALYSE_QUEUE, ...localPipelines().map(embedQueueName)];
  for (const name of names) {
    const q = producer.queue(name);
    for (const job of await q.getJobs(['completed'])) {
      try {
        report.stored += job.name === 'analyse' ? storeAnalyse(db, job) : storeEmbed(db, job);
      } catch {
        // A result that does not parse (another release's) is not stored; its photos are done again.
      }
      await job.remove().catch(() => {});
    }
    for (const job of await q.getJobs(['failed'])) {
      await job.remove().catch(() => {});
      report.dropped++;
    }
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    report.pending += Object.values(counts).reduce((a, b) => a + b, 0);
  }
  return report;
}

/**
 * Continue the classification runs the restart cut off (their `jobs` row
 * still says running), with only the images not yet predicted: batches the
 * workers still hold are found again by their ids (producer.ts).
 */
export async function continueClassifyRuns(ctx: JobServices & { modelsDir: string; remote?: EmbedderSource | null }): Promise<string[]> {
  const rows = ctx.db.prepare("SELECT id, params FROM jobs WHERE kind = 'classify' AND state = 'running' ORDER BY started_at").all() as { id: string; params: string }[];
  const started: string[] = [];
  for (const row of rows) {
    ctx.db.prepare("UPDATE jobs SET state = 'interrupted' WHERE id = ?").run(row.id);
    try {
      const params = JSON.parse(row.params) as ClassifyParams;
      const job = await startClassify(ctx, { ...params, onlyUnpredicted: true });
      void job.done.catch(() => {});
      started.push(job.id);
    } catch {
      // Nothing left to classify, or the model is gone: the run stays interrupted, as without a queue.
    }
  }
  return started;
}
