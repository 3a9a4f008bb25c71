import { ApiError, type ErrorCode } from '../../common/errors.js';
import type { BackendName } from '../classify/backend.js';
import { spawnWorker } from '../workers/spawn.js';
import type { TopBlock } from '../classify/top-block.js';
import type { FineTuned, FineTuneEpoch, FineTuneExample, FineTuneOptions, FineTuneStart } from './finetune.js';

/** Messages between fineTuneOnThread and finetune-worker. */
export interface FineTuneJob {
  type: 'start';
  examples: FineTuneExample[];
  classes: number;
  /** Without `top`, the worker starts from the backbone's own top block. */
  start: Omit<FineTuneStart, 'top'> & { top?: TopBlock };
  options: Omit<FineTuneOptions, 'onEpoch' | 'signal'>;
}

export type FineTuneReply =
  | { type: 'epoch'; log: FineTuneEpoch }
  | { type: 'done'; tuned: FineTuned; embeddings: Float32Array[]; backend: string }
  | { type: 'error'; code: ErrorCode | null; message: string };

/**
 * fineTuneTop from the backbone's own top block, on a worker thread. The
 * examples' buffers are transferred (they are unusable here afterwards).
 * Also returns the view-0 embeddings through the kept top block (empty when
 * fine-tuning did not improve on the start), and the backend it ran on: a
 * worker may not get tfjs-node even where it is installed (tensorflow/tfjs
 * issue 8388: its addon loads in one thread of a process only), so the
 * version's notes say what was really used.
 */
export function fineTuneOnThread(
  examples: FineTuneExample[],
  classes: number,
  start: Omit<FineTuneStart, 'top'> & { top?: TopBlock },
  options: FineTuneOptions & { prefer?: BackendName },
): Promise<{ tuned: FineTuned; embeddings: Float32Array[]; backend: string }> {
  const { onEpoch, signal, prefer, ...rest } = options;
  const worker = spawnWorker(new URL('./finetune-worker.js', import.meta.url), { workerData: { prefer } });
  const cancel = () => worker.postMessage({ type: 'cancel' });
  signal?.addEventListener('abort', cancel);
  return new Promise<{ tuned: FineTuned; embeddings: Float32Array[]; backend: string }>((resolve, reject) => {
    worker.on('message', (msg: FineTuneReply) => {
      if (msg.type === 'epoch') onEpoch?.(msg.log);
      else if (msg.type === 'done') resolve({ tuned: msg.tuned, embeddings: msg.embeddings, backend: msg.backend });
      else reject(msg.code ? new ApiError(msg.code, msg.message) : new Error(`fine-tuning failed: ${msg.message}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the fine-tuning thread exited (code ${code})`)));
    const job: FineTuneJob = { type: 'start', examples, classes, start, options: rest };
    worker.postMessage(job, [...new Set(examples.flatMap((e) => e.inputs.map((x) => x.buffer as ArrayBuffer)))]);
    if (signal?.aborted) cancel(); // after the job: the worker takes its first message as the job
  }).finally(() => {
    signal?.removeEventListener('abort', cancel);
    void worker.terminate();
  });
}
