import type { WorkerInfo } from '../common/contract/workers.js';
import type { AppContext } from '../core/app/context.js';
import type { RemoteCompute } from '../core/queue/remote.js';

export const QUEUE_LOG_MS = 10_000;

/** One progress line: the running jobs (all workers' results counted together) and the queue's depth. */
export function progressLine(jobs: ReturnType<AppContext['jobs']['list']>, counts: { waiting: number; active: number }, workers: number): string | null {
  const running = jobs.filter((j) => j.state === 'running');
  if (!running.length && !counts.waiting && !counts.active) return null;
  const parts = running.map((j) => `${j.title}: ${j.done}/${j.found}${j.failed ? `, ${j.failed} failed` : ''}, ${j.ratePerSecond.toFixed(1)}/s`);
  return `queue: ${parts.join('; ') || 'no job running'} · ${counts.waiting} batch(es) waiting, ${counts.active} on ${workers} worker(s)`;
}

/** One line per worker that is working: what the Classify panel's list shows (host, jobs done, images/s, last seen). */
export function workerLines(workers: WorkerInfo[], now: Date): string[] {
  return workers
    .filter((w) => w.state === 'working')
    .map((w) => {
      const ago = Math.max(0, Math.round((now.getTime() - Date.parse(w.lastSeenAt)) / 1000));
      return `  worker ${w.name}: ${w.jobsDone} job(s), ${w.imagesDone} image(s), ${w.imagesPerSecond.toFixed(1)}/s, last seen ${ago} s ago`;
    });
}

/** Workers that joined or left since the last look, as log lines. */
export function workerChanges(before: Map<string, WorkerInfo['state']>, now: WorkerInfo[]): string[] {
  const lines: string[] = [];
  for (const w of now) {
    const was = before.get(w.name);
    if (w.state === 'working' && was !== 'working') lines.push(`worker ${w.name} joined (${w.username ?? 'owner'}, ${w.concurrency} at once, ${w.pipelines.length} pipeline(s))`);
    if (w.state !== 'working' && was === 'working') lines.push(`worker ${w.name} left (${w.state === 'lost' ? 'silent, its jobs run again after the stall interval' : 'stopped'})`);
    before.set(w.name, w.state);
  }
  return lines;
}

/**
 * `canting serve --queue`'s log: workers joining and leaving as they are
 * seen, and every 10 s while there is work a progress line of all workers
 * together followed by one line per worker. Returns stop.
 */
export function startQueueLog(ctx: AppContext, remote: RemoteCompute, write: (line: string) => void, everyMs = QUEUE_LOG_MS): () => void {
  const states = new Map<string, WorkerInfo['state']>();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const workers = ctx.workerRegistry.list();
      for (const line of workerChanges(states, workers)) write(line);
      const { waiting, active } = await remote.counts();
      const line = progressLine(ctx.jobs.list(), { waiting, active }, workers.filter((w) => w.state === 'working').length || remote.photosByWorker.size);
      if (line) {
        write(line);
        for (const each of workerLines(workers, new Date())) write(each);
      }
    } catch {
      // Redis restarting: the next tick says how far things are
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
