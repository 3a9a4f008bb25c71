import type { Database } from 'better-sqlite3';
import { readSetting, writeSetting } from '../catalogue/settings.js';

/**
 * What a pipeline costs on this machine, from real classify runs (never a
 * guess): the last run that pushed enough images through the engine records
 * its images per second, with how it ran. The Models panel and
 * pipelines.use turn it into a time for the images still to compute.
 */
export interface PipelineCost {
  imagesPerSecond: number;
  images: number;
  seconds: number;
  workers: number;
  backend: string;
  measuredAt: string;
}

/** Fewer images than this say more about start-up than about speed. */
export const MIN_MEASURED_IMAGES = 8;

const key = (pipeline: string) => `pipelineCost:${pipeline}`;

/** Record a run's speed (images embedded by the engine, seconds from the first to the last batch); ignored when too small to mean anything. */
export function recordPipelineCost(db: Database, pipeline: string, run: Omit<PipelineCost, 'imagesPerSecond' | 'measuredAt'>, now = new Date()): PipelineCost | null {
  if (run.images < MIN_MEASURED_IMAGES || !(run.seconds > 0)) return null;
  const cost: PipelineCost = { ...run, seconds: Math.round(run.seconds * 100) / 100, imagesPerSecond: Math.round((run.images / run.seconds) * 100) / 100, measuredAt: now.toISOString() };
  writeSetting(db, key(pipeline), JSON.stringify(cost));
  return cost;
}

export function readPipelineCost(db: Database, pipeline: string): PipelineCost | null {
  const raw = readSetting(db, key(pipeline));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as PipelineCost;
    return typeof v.imagesPerSecond === 'number' && v.imagesPerSecond > 0 ? v : null;
  } catch {
    return null; // a damaged value is no measurement; the next run writes a good one
  }
}

/** Seconds to compute `images` embeddings at the measured speed, or null where nothing was measured here yet. */
export function estimateSeconds(cost: PipelineCost | null, images: number): number | null {
  return cost ? Math.round(images / cost.imagesPerSecond) : null;
}
