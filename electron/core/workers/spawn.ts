import os from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start a worker from a module URL next to the caller, e.g.
 * `spawnWorker(new URL('./import-worker.js', import.meta.url))`.
 * From compiled code that is a .js file; when the caller runs from source
 * (tests, tsx) the .ts sibling is used and tsx is loaded into the worker.
 */
export function spawnWorker(url: URL, options: WorkerOptions = {}): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(url, options);
  const tsUrl = new URL(url.href.replace(/\.js$/, '.ts'));
  // Register tsx inside the worker, then load the TypeScript module.
  return new Worker(new URL('./tsx-bootstrap.mjs', import.meta.url), { ...options, argv: [...(options.argv ?? []), tsUrl.href] });
}

/** Workers to run in parallel: one per core, at least one. */
export function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores);
}
