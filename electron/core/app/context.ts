import type { Database } from 'better-sqlite3';
import type { EventBus } from '../jobs/events.js';
import type { JobRunner } from '../jobs/runner.js';
import type { FirstModelRuns } from '../learn/first-model.js';

/**
 * Everything a handler may use. Built once in a composition root (CLI, HTTP
 * server, Electron main) and passed down; core modules keep no globals.
 */
export interface AppContext {
  db: Database;
  cataloguePath: string;
  schemaVersion: number;
  appVersion: string;
  events: EventBus;
  jobs: JobRunner;
  modelsDir: string;
  /** Automatic first-model runs of new facets (learn/first-model.ts). */
  firstModels: FirstModelRuns;
}
