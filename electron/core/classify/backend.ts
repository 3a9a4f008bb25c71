import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { skipReason } from './skip-reason.js';

/**
 * Picks the TensorFlow.js backend for this thread: native TensorFlow
 * (`@tensorflow/tfjs-node`, an optional dependency that needs a download at
 * install time) when it loads, else WebAssembly with SIMD, else plain JS.
 * Each worker thread calls this once; in Node the wasm backend runs one
 * thread per instance, so parallelism comes from running several workers.
 */

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface BackendChoice {
  name: BackendName;
  /** e.g. "wasm (SIMD, 1 thread)". */
  detail: string;
  /** Why each better backend was not used, in order tried. */
  skipped: string[];
}

/** How each backend is brought up; replaceable so tests can simulate a missing or broken one. */
export interface BackendLoaders {
  tensorflow: () => Promise<void>;
  wasm: () => Promise<void>;
}

// A variable module name keeps TypeScript and bundlers from requiring the optional package.
const TFJS_NODE = '@tensorflow/tfjs-node';

export const defaultLoaders: BackendLoaders = {
  async tensorflow() {
    await import(TFJS_NODE); // registers the 'tensorflow' backend with the shared tfjs-core
  },
  async wasm() {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from the package's dist folder, never fetched.
    const require = createRequire(import.meta.url);
    let dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
    // In a packaged app the .wasm files are unpacked beside the asar archive (electron-builder asarUnpack).
    const unpacked = dist.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    if (unpacked !== dist && fs.existsSync(unpacked)) dist = unpacked;
    wasm.setWasmPaths(dist);
    wasm.setThreadsCount(1);
  },
};

/** The backend named by CANTING_TF_BACKEND, if any (for benchmarks and for forcing a fallback). */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const v = env.CANTING_TF_BACKEND?.trim().toLowerCase();
  if (!v || v === 'auto') return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendName;
  throw new Error(`CANTING_TF_BACKEND must be one of ${BACKEND_NAMES.join(', ')} or auto, not "${v}"`);
}

function describe(name: BackendName): string {
  if (name === 'wasm') return `wasm (${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD'}, 1 thread)`;
  if (name === 'tensorflow') return 'tensorflow (native, tfjs-node)';
  return 'cpu (plain JavaScript)';
}

/**
 * Try backends from `prefer` (default: the best) downwards and make the first
 * that works the active one. `prefer: 'wasm'` skips native; `'cpu'` goes straight to cpu.
 */
export async function selectBackend(opts: { prefer?: BackendName; loaders?: Partial<BackendLoaders> } = {}): Promise<BackendChoice> {
  const loaders = { ...defaultLoaders, ...opts.loaders };
  const start = BACKEND_NAMES.indexOf(opts.prefer ?? backendFromEnv() ?? 'tensorflow');
  const skipped: string[] = [];
  for (const name of BACKEND_NAMES.slice(start)) {
    try {
      if (name !== 'cpu') await loaders[name]();
      if (!(await tf.setBackend(name))) throw new Error('backend failed to initialise');
      await tf.ready();
      return { name, detail: describe(name), skipped };
    } catch (err) {
      skipped.push(`${name}: ${skipReason(err)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

let threadBackend: Promise<BackendChoice> | null = null;

/**
 * Select a backend for this thread once (later calls get the same answer).
 * tfjs keeps one engine per thread, so this memo mirrors state tfjs already holds.
 */
export function ensureBackend(prefer?: BackendName): Promise<BackendChoice> {
  threadBackend ??= selectBackend({ prefer });
  return threadBackend;
}
