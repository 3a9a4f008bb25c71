import type { Database } from 'better-sqlite3';
import type { BundledModelsState } from '../../common/contract/bundled.js';
import type { EventBus } from '../jobs/events.js';
import type { JobRunner } from '../jobs/runner.js';
import type { LiveImports } from '../importer/job.js';
import type { FirstModelRuns } from '../workflows/first-model-runs.js';
import type { RemoteCompute } from '../queue/remote.js';
import type { WorkerRegistry } from '../queue/worker-registry.js';

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
  /** Automatic first-model runs of new facets (workflows/first-model.ts). */
  firstModels: FirstModelRuns;
  /** Import jobs running in this process (importer/job.ts): a job row said to run but not here was cut off. */
  liveImports: LiveImports;
  /** The shipped models, registered once when the catalogue was opened (models/bundled.ts), and what was wrong with them. */
  bundledModels: BundledModelsState;
  /** #20 `canting serve --queue`: classification and import analysis on the queue's workers; absent = local threads. */
  remote?: RemoteCompute | null;
  /** Queue workers that checked in (#20, h2): in memory, learnt again after a restart. */
  workerRegistry: WorkerRegistry;
}
