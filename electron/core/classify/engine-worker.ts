import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendName } from './backend.js';
import { loadBackbone, type Backbone } from './backbone.js';
import { INPUT_SIZE } from './backbone-info.js';
import { decodeRgb, toUnitFloat } from './preprocess.js';
import type { EngineReply, EngineRequest } from './engine-protocol.js';

/**
 * One inference engine per worker thread. Decoding (sharp, on libuv's thread
 * pool) starts the moment a request arrives, while the previous batch is
 * still in the backbone; inference itself runs one batch at a time.
 */
const port = parentPort!;
const PIXELS = INPUT_SIZE * INPUT_SIZE * 3;
let chain: Promise<unknown> = Promise.resolve();

function reply(msg: EngineReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

async function main(): Promise<void> {
  let backbone: Backbone;
  try {
    const choice = await selectBackend({ prefer: (workerData as { prefer?: BackendName } | undefined)?.prefer });
    backbone = await loadBackbone();
    reply({ type: 'ready', backend: choice });
  } catch (err) {
    reply({ type: 'fatal', message: (err as Error).message });
    return;
  }

  const infer = (reqId: number, pixels: Float32Array, keys: number[], errors: { key: number; message: string }[]) => {
    chain = chain.then(async () => {
      try {
        const vectors = keys.length ? await backbone.embed(pixels, keys.length) : new Float32Array(0);
        const copy = vectors.slice(); // a transferable buffer that tfjs does not own
        reply({ type: 'result', reqId, keys, vectors: copy, errors }, [copy.buffer]);
      } catch (err) {
        reply({ type: 'error', reqId, message: (err as Error).message });
      }
    });
  };

  port.on('message', (msg: EngineRequest) => {
    if (msg.type === 'close') {
      void chain.then(() => {
        backbone.dispose();
        port.close();
      });
      return;
    }
    if (msg.type === 'pixels') {
      infer(msg.reqId, msg.data, Array.from({ length: msg.n }, (_, i) => i), []);
      return;
    }
    // files: decode now (overlaps the batch in inference), infer when our turn comes
    const decoded = Promise.allSettled(msg.items.map((it) => decodeRgb(it.path)));
    chain = chain.then(async () => {
      const settled = await decoded;
      const keys: number[] = [];
      const errors: { key: number; message: string }[] = [];
      const ok = settled.filter((s) => s.status === 'fulfilled').length;
      const pixels = new Float32Array(ok * PIXELS);
      settled.forEach((s, i) => {
        const key = msg.items[i].key;
        if (s.status === 'fulfilled') {
          toUnitFloat(s.value, pixels, keys.length * PIXELS);
          keys.push(key);
        } else {
          errors.push({ key, message: (s.reason as Error).message });
        }
      });
      infer(msg.reqId, pixels, keys, errors);
    });
  });
}

void main();
