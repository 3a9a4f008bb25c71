import type { Worker } from 'node:worker_threads';
import { defaultWorkerCount, spawnWorker } from '../workers/spawn.js';
import type { AnalyseResult, AnalyseTask } from './analyse.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

interface Slot {
  worker: Worker;
  pending: Map<number, { task: AnalyseTask; resolve: (r: AnalyseResult) => void }>;
}

/**
 * Worker threads that analyse files (one per core by default). A task goes to
 * the least busy worker. If a worker dies (e.g. out of memory on a hostile
 * file), its files are reported as failed and a fresh worker takes its place,
 * so one bad file never stops the import.
 */
export class ImportPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closing = false;

  constructor(size = defaultWorkerCount()) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  private spawn(): Slot {
    const worker = spawnWorker(new URL('./worker.js', import.meta.url));
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (msg: WorkerReply) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      p.resolve(msg.result);
    });
    const died = (why: string) => {
      for (const p of slot.pending.values()) p.resolve({ key: p.task.key, kind: 'failed', reason: `the image decoder stopped on this file (${why})` });
      slot.pending.clear();
      if (this.closing) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) died(`exit code ${code}`);
    });
    return slot;
  }

  run(task: AnalyseTask): Promise<AnalyseResult> {
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, { task, resolve });
      slot.worker.postMessage({ type: 'task', id, task } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const slots = this.slots.splice(0);
    await Promise.allSettled(slots.map((s) => s.worker.terminate()));
  }
}
