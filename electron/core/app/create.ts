import { newCataloguePipeline } from '../classify/backbones/default.js';
import { headMatchesPipeline, writePipeline } from '../classify/pipeline-setting.js';
import { busyWhilePruning } from '../classify/prune-job.js';
import { describeJobError, openCatalogue, type OpenOptions } from '../db/open.js';
import { EventBus } from '../jobs/events.js';
import { JobRunner } from '../jobs/runner.js';
import { registerBundledModels } from '../models/bundled.js';
import { FirstModelRuns } from '../workflows/first-model-runs.js';
import { WorkerRegistry } from '../queue/worker-registry.js';
import { APP_VERSION, MODELS_DIR } from './paths.js';
import type { AppContext } from './context.js';

/** Open a catalogue and wire up the core services around it. */
export async function createAppContext(cataloguePath: string, options: OpenOptions & { modelsDir?: string } = {}): Promise<AppContext> {
  const opened = await openCatalogue(cataloguePath, options);
  const modelsDir = options.modelsDir ?? MODELS_DIR;
  // A new catalogue records the default pipeline before the shipped heads are registered, so the head for it becomes active.
  if (opened.created && options.upTo === undefined) writePipeline(opened.db, newCataloguePipeline());
  // Once here, so every transport and call sees the same registry; a catalogue held at an older schema (migration tests) has no use for them.
  const bundledModels = options.upTo === undefined ? await registerBundledModels(opened.db, modelsDir, (m) => headMatchesPipeline(opened.db, m)) : { added: [], problem: null };
  const events = new EventBus();
  // Another job's write that met the prune job's lock says so, not "open in another Canting".
  const jobs: JobRunner = new JobRunner(events, (err) => busyWhilePruning(err, jobs)?.message ?? describeJobError(err, opened.path));
  return {
    db: opened.db,
    cataloguePath: opened.path,
    schemaVersion: opened.schemaVersion,
    appVersion: APP_VERSION,
    events,
    jobs,
    modelsDir,
    firstModels: new FirstModelRuns(),
    liveImports: new Set(),
    bundledModels,
    workerRegistry: new WorkerRegistry(),
  };
}

export async function closeAppContext(ctx: AppContext): Promise<void> {
  await ctx.jobs.shutdown();
  if (ctx.db.open) ctx.db.close();
}
