import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backbone } from '../../../../electron/core/classify/backbone.js';
import { selectBackend } from '../../../../electron/core/classify/backend.js';
import { INCEPTION_V3 } from '../../../../electron/core/classify/backbones/definitions.js';
import { loadStatsBackbone } from '../../../../electron/core/classify/backbones/stats.js';
import { startEngine, type EngineChoice } from '../../../../electron/core/classify/backbones/load.js';
import { decodeImage, toBackboneInput } from '../../../../electron/core/classify/preprocess.js';
import { hasOnnxRuntime, onnxRuntimeNote } from '../../../helpers/onnxruntime.js';
import { writeJpeg } from '../../../helpers/images.js';

/**
 * Whichever engine runs InceptionV3, the same image gives the same embedding.
 * Tolerance (also in docs/design/engines.md): every component within
 * 1e-4 · max(1, |x|) of the TensorFlow.js fused wasm embedding, and cosine
 * similarity ≥ 0.99999. Measured: max |Δ| ≈ 1.5e-6.
 */
const ABS = 1e-4;
const COSINE = 0.99999;

describe.skipIf(!hasOnnxRuntime)(`InceptionV3 on ONNX Runtime (${onnxRuntimeNote})`, () => {
  let wasm: Backbone;
  let ort: Backbone;
  let choice: EngineChoice;
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
    wasm = await loadStatsBackbone(INCEPTION_V3);
    ({ backbone: ort, choice } = await startEngine(INCEPTION_V3, { engine: 'onnxruntime' }));
  }, 60_000);
  afterAll(() => {
    wasm?.dispose();
    ort?.dispose();
  });

  it('is the engine InceptionV3 starts on, and says so', () => {
    expect(choice.name).toBe('onnxruntime');
    expect(choice.detail).toMatch(/^onnxruntime \d+\.\d+\.\d+ \(CPU, 1 thread\)$/);
    expect(choice.skipped).toEqual([]);
  });

  it('gives the wasm engine’s embedding of the same photo within the stated tolerance', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-ort-'));
    const size = INCEPTION_V3.inputSize;
    const pixels = new Float32Array(size * size * 3);
    try {
      toBackboneInput(await decodeImage(await writeJpeg(path.join(dir, 'a.jpg'), 3, 96)), pixels, 0, size);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const want = await wasm.embed(pixels, 1);
    const got = await ort.embed(pixels.slice(), 1);
    expect(ort.id).toBe(INCEPTION_V3.id);
    expect(got.length).toBe(INCEPTION_V3.dim);
    let dot = 0;
    let a2 = 0;
    let b2 = 0;
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
      dot += got[i] * want[i];
      a2 += got[i] * got[i];
      b2 += want[i] * want[i];
    }
    expect(Math.max(...want)).toBeGreaterThan(0.1); // real features, not zeros
    expect(worst).toBeLessThanOrEqual(ABS);
    expect(dot / Math.sqrt(a2 * b2)).toBeGreaterThanOrEqual(COSINE);
  }, 60_000);

  it('says which batch failed when the session cannot run it, and returns nothing for it', async () => {
    // Too few pixels for the batch it claims: ONNX Runtime refuses the input's shape.
    await expect(ort.embed(new Float32Array(10), 2)).rejects.toThrow(/ONNX Runtime engine failed on a batch of 2 image\(s\)/);
  });
});
