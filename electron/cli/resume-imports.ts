import type { CallOutput } from '../common/contract/index.js';
import type { AppContext } from '../core/app/context.js';
import { call } from './call.js';

export type StartedImport = CallOutput<'import.start'>;

/**
 * Continue every import that was cut off (app closed or killed), through the
 * contract: one whose folder is gone (drive unplugged) stays resumable for later.
 */
export async function resumeInterrupted(ctx: AppContext, options: { workers?: number; maxPixels?: number } = {}): Promise<StartedImport[]> {
  const interrupted = (await call(ctx, 'import.jobs', { limit: 100 })).filter((j) => j.state === 'interrupted');
  const started: StartedImport[] = [];
  for (const j of interrupted.reverse()) {
    try {
      started.push(await call(ctx, 'import.resume', { importJobId: j.id, ...options }));
    } catch {
      // its folder is gone: it stays resumable
    }
  }
  return started;
}

