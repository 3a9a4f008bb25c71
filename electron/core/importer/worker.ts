import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { analyseFile, type AnalyseTask } from './analyse.js';

/**
 * Import worker: decodes, hashes and thumbnails files sent by the main
 * thread and posts the results back. It never opens the catalogue (the main
 * thread holds its exclusive lock and does all writes).
 */
export type WorkerRequest = { type: 'task'; id: number; task: AnalyseTask } | { type: 'close' };
export type WorkerReply = { type: 'result'; id: number; result: Awaited<ReturnType<typeof analyseFile>> };

// Every file is decoded once: libvips' operation cache would only grow with the number of files.
sharp.cache(false);

const port = parentPort!;
port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'close') {
    port.close();
    return;
  }
  void analyseFile(msg.task).then((result) => port.postMessage({ type: 'result', id: msg.id, result } satisfies WorkerReply));
});
