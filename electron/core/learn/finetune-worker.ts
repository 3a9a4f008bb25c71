import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../common/errors.js';
import { selectBackend, type BackendName } from '../classify/backend.js';
import { loadFrozenTop } from '../classify/backbone.js';
import { fineTuneTop, topEmbeddings } from './finetune.js';
import type { FineTuneJob, FineTuneReply } from './finetune-thread.js';

/**
 * Fine-tuning on its own thread (finetune-thread.ts starts it): minutes of
 * TensorFlow.js work that would otherwise block the main process's event loop
 * (IPC, the HTTP server) between optimiser steps.
 */
const port = parentPort!;
const controller = new AbortController();

function reply(msg: FineTuneReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

port.on('message', (msg: { type: 'cancel' }) => {
  if (msg.type === 'cancel') controller.abort();
});

async function main(job: FineTuneJob): Promise<void> {
  try {
    const backend = await selectBackend({ prefer: (workerData as { prefer?: BackendName } | undefined)?.prefer });
    // The starting top block is the backbone's own unless given, read here so the main thread never loads the backbone.
    const top = job.start.top ?? (await loadFrozenTop());
    const tuned = await fineTuneTop(job.examples, job.classes, { ...job.start, top }, { ...job.options, signal: controller.signal, onEpoch: (log) => reply({ type: 'epoch', log }) });
    // View-0 embeddings through the kept top block, to cache under its backbone id.
    const embeddings = tuned.improved ? await topEmbeddings(job.examples.map((e) => e.inputs[0]), tuned.top) : [];
    reply({ type: 'done', tuned, embeddings, backend: backend.detail }, [tuned.top.kernel.buffer as ArrayBuffer, tuned.top.bias.buffer as ArrayBuffer, ...embeddings.map((e) => e.buffer as ArrayBuffer)]);
  } catch (err) {
    reply({ type: 'error', code: err instanceof ApiError ? err.code : null, message: (err as Error).message });
  }
}

port.once('message', (msg: FineTuneJob | { type: 'cancel' }) => {
  if (msg.type === 'start') void main(msg);
});
