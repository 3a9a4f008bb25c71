import cliProgress from 'cli-progress';
import type { AppContext } from '../core/app/context.js';

/** A progress bar on stderr, only where a person watches (a terminal, not --json). */
export function progressBar(enabled: boolean): cliProgress.SingleBar | null {
  if (!enabled || !process.stderr.isTTY) return null;
  return new cliProgress.SingleBar(
    { stream: process.stderr, format: '{bar} {value}/{total} | {rate} img/s | ETA {eta_formatted} | {message}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
}

/**
 * Follow a job of the context's runner to its end: its progress on a bar
 * (when `bar` is given) and Ctrl-C cancels it (what it finished is kept, as
 * in the app). Resolves or rejects with the job.
 */
export async function followJob<T>(ctx: AppContext, job: { id: string; done: Promise<T> }, bar: cliProgress.SingleBar | null): Promise<T> {
  let started = false;
  const off = ctx.events.subscribe((e) => {
    if (e.type !== 'job' || e.job.id !== job.id || !bar) return;
    const payload = { rate: e.job.ratePerSecond.toFixed(1), message: e.job.message ?? '' };
    if (!started) {
      bar.start(e.job.found, 0, payload);
      started = true;
    }
    bar.setTotal(e.job.found);
    bar.update(e.job.done + e.job.failed, payload);
  });
  const interrupt = () => ctx.jobs.cancel(job.id);
  process.once('SIGINT', interrupt);
  try {
    return await job.done;
  } finally {
    bar?.stop();
    off();
    process.off('SIGINT', interrupt);
  }
}
