import type { Database } from 'better-sqlite3';
import type { EventBus } from './events.js';
import type { JobRunner } from './runner.js';

/**
 * What a feature needs to run a job on the open catalogue. The app context
 * (app/context.ts) provides it; features take this rather than the whole
 * context, so no feature depends on the composition root that wires them.
 */
export interface JobServices {
  db: Database;
  jobs: JobRunner;
  events: EventBus;
}
