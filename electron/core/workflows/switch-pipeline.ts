import type { Database } from 'better-sqlite3';
import type { PipelineSwitch } from '../../common/contract/index.js';
import type { Actor } from '../catalogue/audit.js';
import { pipelineOfBackbone } from '../classify/pipeline-setting.js';
import { usePipeline } from '../classify/pipelines.js';
import type { JobRunner } from '../jobs/runner.js';
import { activateVersion } from '../learn/activation.js';
import { isRunnable } from '../models/runnable.js';
import { listModels, type ModelRow } from '../models/store.js';

/**
 * Switching a catalogue's feature pipeline, as people expect it to work: the
 * setting changes (classify/pipelines.ts), and each facet whose active head
 * reads the old pipeline gets back a version that reads the new one when the
 * registry has one (a shipped head per pipeline, or one trained before a
 * switch back), activated and audited as any activation. Only facets with no
 * such version are left to retrain. All or nothing; a preview changes nothing.
 */
export function switchPipeline(db: Database, jobs: Pick<JobRunner, 'list'>, id: string, opts: { dryRun?: boolean; by?: Actor } = {}): PipelineSwitch {
  return db.transaction(() => {
    const result = usePipeline(db, jobs, id, { dryRun: opts.dryRun });
    const found = result.toRetrain.map((head) => ({ head, version: newestReading(db, head.facet, id) }));
    const activated = found.filter((f) => f.version).map((f) => ({ facet: f.head.facet, version: f.version!.version, replaces: f.head.version }));
    if (!result.dryRun) for (const f of found) if (f.version) activateVersion(db, f.version.id, opts.by);
    return { ...result, toRetrain: found.filter((f) => !f.version).map((f) => f.head), activated };
  })();
}

/** The facet's newest runnable version trained on pipeline `id`, if any. */
function newestReading(db: Database, facet: string, id: string): ModelRow | undefined {
  return listModels(db, facet)
    .filter((m) => isRunnable(m) && pipelineOfBackbone(m.backbone)?.id === id)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)[0];
}
