import { describe, expect, it } from 'vitest';
import { INCEPTION_V3, MOBILENET_V2 } from '../../../../electron/core/classify/backbones/definitions.js';
import { probeEngine, startEngine } from '../../../../electron/core/classify/backbones/load.js';
import { engineFromEnv, hasOnnxPath, ortLayout } from '../../../../electron/core/classify/engines.js';
import { skipReason } from '../../../../electron/core/classify/skip-reason.js';
import { EnginePool } from '../../../../electron/core/classify/pool.js';

/**
 * The engine order for a pipeline with an ONNX path: onnxruntime (CPU) →
 * tfjs-node → wasm → plain JS; each skipped engine's reason is kept and shown.
 */
describe('engine choice', () => {
  it('falls back to TensorFlow.js when onnxruntime cannot load, saying why (a pool worker, as classification starts it)', async () => {
    const pool = await EnginePool.start({ workers: 2, backboneId: INCEPTION_V3.id, onnxruntimeModule: 'onnxruntime-node-missing-for-test' });
    try {
      expect(pool.backend.name).toBe('wasm');
      expect(pool.size).toBe(2); // the second worker started on TensorFlow.js without trying ONNX Runtime again
      expect(pool.backend.skipped[0]).toBe('onnxruntime: not installed (optional)');
      // The tfjs engine really runs the pipeline.
      const v = await pool.embedPixels(new Float32Array(INCEPTION_V3.inputSize ** 2 * 3).fill(0.5), 1);
      expect(v.length).toBe(INCEPTION_V3.dim);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('falls back when the native library fails to load, and refuses to when onnxruntime is forced', async () => {
    const broken = { onnxruntime: () => Promise.reject(new Error('libonnxruntime.so.1: cannot open shared object file\nmore')) };
    const { backbone, choice } = await startEngine(INCEPTION_V3, { loaders: broken });
    backbone.dispose();
    expect(choice.name).not.toBe('onnxruntime');
    expect(choice.skipped[0]).toBe('onnxruntime: libonnxruntime.so.1: cannot open shared object file');
    await expect(startEngine(INCEPTION_V3, { loaders: broken, engine: 'onnxruntime' })).rejects.toThrow(/libonnxruntime\.so\.1/);
    await expect(startEngine(MOBILENET_V2, { engine: 'onnxruntime' })).rejects.toThrow('the ONNX Runtime engine cannot run MobileNetV2');
  }, 60_000);

  it('keeps MobileNetV2 (fine-tunable top, top-input output) on TensorFlow.js, and reads CANTING_ENGINE; spreads cores over at most two sessions', () => {
    expect(hasOnnxPath(INCEPTION_V3)).toBe(true);
    expect(hasOnnxPath(MOBILENET_V2)).toBe(false);
    expect(hasOnnxPath(INCEPTION_V3, { fused: false })).toBe(false);
    expect(engineFromEnv({ CANTING_ENGINE: ' ONNXRuntime ' })).toBe('onnxruntime');
    expect(engineFromEnv({ CANTING_ENGINE: 'auto' })).toBeUndefined();
    // At most two ONNX Runtime sessions (memory), more cores as their threads.
    expect([1, 2, 3, 4, 16].map((c) => ortLayout(c))).toEqual([
      { sessions: 1, threads: 1 },
      { sessions: 2, threads: 1 },
      { sessions: 2, threads: 1 },
      { sessions: 2, threads: 2 },
      { sessions: 2, threads: 8 },
    ]);
    expect(() => engineFromEnv({ CANTING_ENGINE: 'gpu' })).toThrow('CANTING_ENGINE must be onnxruntime, tfjs or auto, not "gpu"');
  });

  it('tells the Classify panel the order and why onnxruntime was skipped, without loading a model', async () => {
    const missing = await probeEngine(INCEPTION_V3, { loadOrt: () => Promise.reject(new Error("Cannot find package 'onnxruntime-node'")) });
    expect(missing.order).toEqual(['onnxruntime', 'tensorflow', 'wasm', 'cpu']);
    expect(missing.name).not.toBe('onnxruntime');
    expect(missing.skipped[0]).toBe('onnxruntime: not installed (optional)');
    const fast = await probeEngine(MOBILENET_V2);
    expect(fast.order).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(fast.skipped.some((s) => s.startsWith('onnxruntime'))).toBe(false);
  });
});

describe('why an engine was skipped', () => {
  it('says an optional package is not installed, and never shows an installation path', () => {
    expect(skipReason(Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /opt/canting/dist/electron/core/classify/backend.js"), { code: 'ERR_MODULE_NOT_FOUND' }))).toBe('not installed (optional)');
    expect(skipReason(new Error('/opt/canting/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1: cannot open shared object file\nmore'))).toBe('…/libonnxruntime.so.1: cannot open shared object file');
    expect(skipReason(new Error('C:\\Program Files\\Canting\\resources\\onnxruntime_binding.node is not a valid Win32 application'))).toBe('…/onnxruntime_binding.node is not a valid Win32 application');
  });
});
