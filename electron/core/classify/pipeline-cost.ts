import type { Database } from 'better-sqlite3';
import { readSetting, writeSetting } from '../catalogue/settings.js';

/**
 * What a pipeline costs on this machine, from real classify and features runs
 * (never a guess). Each run that pushed enough images through the engine is
 * recorded; the speed shown and used for estimates is the median of the
 * recent ones, so one run slowed by a busy machine (or sped up by an idle one)
 * does not become the estimate. The last run's details say how it ran.
 */
export interface PipelineRun {
  imagesPerSecond: number;
  images: number;
  seconds: number;
  workers: number;
  backend: string;
  measuredAt: string;
}

/** The median speed of the recent runs, the last run's details, and how many runs the median is of. */
export interface PipelineCost extends PipelineRun {
  runs: number;
}

/** Fewer images than this say more about start-up than about speed. */
export const MIN_MEASURED_IMAGES = 8;
/** Runs kept per pipeline: enough for a median to outvote a few runs under load, recent enough to follow a changed machine. */
export const KEPT_RUNS = 9;

const key = (pipeline: string) => `pipelineCost:${pipeline}`;

const isRun = (v: unknown): v is PipelineRun => {
  const r = v as PipelineRun | null;
  return !!r && typeof r.imagesPerSecond === 'number' && r.imagesPerSecond > 0 && typeof r.measuredAt === 'string';
};

/** The recorded runs, oldest first. An earlier build stored only the last run (one object): it counts as one run. */
function readRuns(db: Database, pipeline: string): PipelineRun[] {
  const raw = readSetting(db, key(pipeline));
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return (Array.isArray(v) ? v : [v]).filter(isRun);
  } catch {
    return []; // a damaged value is no measurement; the next run writes a good one
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function summarise(runs: PipelineRun[]): PipelineCost | null {
  if (!runs.length) return null;
  const last = runs[runs.length - 1];
  return { ...last, imagesPerSecond: Math.round(median(runs.map((r) => r.imagesPerSecond)) * 100) / 100, runs: runs.length };
}

/** Record a run's speed (images embedded by the engine, seconds from the first to the last batch); ignored when too small to mean anything. Answers the new summary. */
export function recordPipelineCost(db: Database, pipeline: string, run: Omit<PipelineRun, 'imagesPerSecond' | 'measuredAt'>, now = new Date()): PipelineCost | null {
  if (run.images < MIN_MEASURED_IMAGES || !(run.seconds > 0)) return null;
  const entry: PipelineRun = { ...run, seconds: Math.round(run.seconds * 100) / 100, imagesPerSecond: Math.round((run.images / run.seconds) * 100) / 100, measuredAt: now.toISOString() };
  const runs = [...readRuns(db, pipeline), entry].slice(-KEPT_RUNS);
  writeSetting(db, key(pipeline), JSON.stringify(runs));
  return summarise(runs);
}

/** The median of the recent runs with the last one's details, or null where no run measured this pipeline here. */
export function readPipelineCost(db: Database, pipeline: string): PipelineCost | null {
  return summarise(readRuns(db, pipeline));
}

/** Seconds to compute `images` embeddings at the measured speed, or null where nothing was measured here yet. */
export function estimateSeconds(cost: Pick<PipelineCost, 'imagesPerSecond'> | null, images: number): number | null {
  return cost ? Math.round(images / cost.imagesPerSecond) : null;
}
