import { parentPort, workerData } from 'node:worker_threads';
import type { Backbone } from './backbone.js';
import { findBackbone, MOBILENET_V2, viewCount } from './backbones/definitions.js';
import { startEngine } from './backbones/load.js';
import { loadOnnxRuntime } from './onnx/runtime.js';
import { ModelFilesError } from './backbones/nsfwjs-model.js';
import { averageViews, viewPixels, writeViews } from './backbones/views.js';
import { decodeImage } from './preprocess.js';
import type { EngineReply, EngineRequest, EngineWorkerData } from './engine-protocol.js';
import { parseTop } from './top-block.js';

/**
 * One inference engine per worker thread. Decoding (sharp, on libuv's thread
 * pool) starts the moment a request arrives, while the previous batch is
 * still in the backbone; inference itself runs one batch at a time.
 */
const port = parentPort!;
const data = (workerData ?? {}) as EngineWorkerData;
const def = data.backboneId ? findBackbone(data.backboneId) : MOBILENET_V2;
let chain: Promise<unknown> = Promise.resolve();

function reply(msg: EngineReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

/** The bytes in a buffer of their own (one that can be transferred whole). */
function transferable(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

async function main(): Promise<void> {
  let backbone: Backbone;
  try {
    if (!def) throw new Error(`unknown backbone "${data.backboneId}"`);
    const engine = await startEngine(def, {
      prefer: data.prefer,
      engine: data.engine,
      threads: data.threads,
      top: data.top ? parseTop(data.top) : undefined,
      output: data.output,
      onnx: data.onnx,
      loaders: data.onnxruntimeModule ? { onnxruntime: () => loadOnnxRuntime(data.onnxruntimeModule) } : undefined,
    });
    backbone = engine.backbone;
    // The session has its own copy of the graph: workerData (kept for the thread's life) must not hold 87 MB more.
    delete data.onnx;
    // The session holds its own copy of the weights: the graph's bytes leave this thread (transferred, not copied).
    const onnx = data.shareOnnx && engine.onnx ? transferable(engine.onnx) : undefined;
    reply({ type: 'ready', backend: engine.choice, backboneId: backbone.id, dim: backbone.dim, onnx }, onnx ? [onnx.buffer] : []);
  } catch (err) {
    const modelFiles = err instanceof ModelFilesError ? { model: err.model, reason: err.reason } : undefined;
    reply({ type: 'fatal', message: (err as Error).message, modelFiles });
    return;
  }

  const embed = async (pixels: Float32Array, n: number) => {
    const vectors = n ? await backbone.embed(pixels, n) : new Float32Array(0);
    return vectors.slice(); // a transferable buffer that tfjs does not own
  };
  // One input buffer, reused batch after batch: filling and embedding happen in the
  // same link of the chain, so no two requests ever hold it (and the worker makes no
  // 5 MB garbage per batch for the collector).
  let batchBuffer = new Float32Array(0);

  port.on('message', (msg: EngineRequest) => {
    if (msg.type === 'close') {
      void chain.then(() => {
        backbone.dispose();
        port.close();
      });
      return;
    }
    if (msg.type === 'pixels') {
      chain = chain.then(async () => {
        try {
          const vectors = await embed(msg.data, msg.n);
          reply({ type: 'result', reqId: msg.reqId, keys: Array.from({ length: msg.n }, (_, i) => i), vectors, errors: [] }, [vectors.buffer]);
        } catch (err) {
          reply({ type: 'error', reqId: msg.reqId, message: (err as Error).message });
        }
      });
      return;
    }
    // files: decoding starts now (sharp, off this thread) and overlaps the batch in inference.
    const decoded = Promise.allSettled(msg.items.map((it) => decodeImage(it.bytes ? Buffer.from(it.bytes.buffer, it.bytes.byteOffset, it.bytes.byteLength) : it.path!)));
    chain = chain.then(async () => {
      try {
        const settled = await decoded;
        const keys: number[] = [];
        const errors: { key: number; message: string }[] = [];
        const views = viewCount(def!);
        const pixels = views * viewPixels(def!);
        if (batchBuffer.length < msg.items.length * pixels) batchBuffer = new Float32Array(msg.items.length * pixels);
        settled.forEach((s, i) => {
          const key = msg.items[i].key;
          try {
            if (s.status === 'rejected') throw s.reason;
            writeViews(def!, s.value, batchBuffer, keys.length * pixels);
            keys.push(key);
          } catch (err) {
            errors.push({ key, message: (err as Error).message });
          }
        });
        const vectors = averageViews(def!, await embed(batchBuffer.subarray(0, keys.length * pixels), keys.length * views), keys.length);
        reply({ type: 'result', reqId: msg.reqId, keys, vectors, errors }, [vectors.buffer]);
      } catch (err) {
        reply({ type: 'error', reqId: msg.reqId, message: (err as Error).message });
      }
    });
  });
}

void main();
