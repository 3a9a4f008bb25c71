import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { backendFromEnv, selectBackend } from '../../../electron/core/classify/backend.js';

describe('TensorFlow.js backend selection', () => {
  it('uses native TensorFlow when tfjs-node loads, wasm when it does not (real loaders)', async () => {
    const choice = await selectBackend();
    let nodeInstalled = true;
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      nodeInstalled = false;
    }
    expect(choice.name).toBe(nodeInstalled ? 'tensorflow' : 'wasm');
    if (!nodeInstalled) {
      expect(choice.skipped[0]).toBe('tensorflow: not installed (optional)'); // no installation path in what team readers see
      expect(choice.detail).toMatch(/^wasm \((SIMD|no SIMD), 1 thread\)$/);
    }
    expect(tf.getBackend()).toBe(choice.name);
  });

  it('falls back to wasm when the native backend fails to load, saying why', async () => {
    const choice = await selectBackend({
      loaders: {
        tensorflow: async () => {
          throw new Error('libtensorflow.so: cannot open shared object file');
        },
      },
    });
    expect(choice.name).toBe('wasm');
    expect(choice.skipped).toEqual(['tensorflow: libtensorflow.so: cannot open shared object file']);
  });

  it('falls back to cpu when neither native nor wasm start, and computes correctly there', async () => {
    const fail = (why: string) => async () => {
      throw new Error(why);
    };
    const choice = await selectBackend({ loaders: { tensorflow: fail('no native'), wasm: fail('no wasm') } });
    expect(choice.name).toBe('cpu');
    expect(choice.skipped).toEqual(['tensorflow: no native', 'wasm: no wasm']);
    expect(tf.getBackend()).toBe('cpu');
    expect(Array.from(tf.tensor([1, 2]).mul(3).dataSync())).toEqual([3, 6]);
  });

  it('honours a preferred backend and CANTING_TF_BACKEND', async () => {
    expect((await selectBackend({ prefer: 'wasm' })).skipped).toEqual([]);
    expect(backendFromEnv({ CANTING_TF_BACKEND: 'CPU' })).toBe('cpu');
    expect(backendFromEnv({ CANTING_TF_BACKEND: 'auto' })).toBeUndefined();
    expect(() => backendFromEnv({ CANTING_TF_BACKEND: 'gpu' })).toThrow(/must be one of tensorflow, wasm, cpu/);
  });
});
