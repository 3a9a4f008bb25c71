import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../../electron/core/classify/backend.js';
import { loadNsfwjsModel, ModelFilesError, nsfwjsParts, type ModelParts } from '../../../../electron/core/classify/backbones/nsfwjs-model.js';

/**
 * A pipeline whose model files are missing or damaged must be refused with
 * what is wrong, before any image is embedded with shifted or absent weights.
 */
describe('loading a backbone model', () => {
  let parts: ModelParts;
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
    parts = await nsfwjsParts('nsfwjs-mobilenet_v2');
  }, 60_000);

  it('loads the intact model', async () => {
    const model = await loadNsfwjsModel('nsfwjs-mobilenet_v2', async () => parts);
    expect(model.getLayer('flatten_1')).toBeTruthy();
    model.dispose();
  }, 60_000);

  it('refuses a truncated weight file, saying how many bytes are missing', async () => {
    const damaged = { ...parts, shards: parts.shards.map((s, i) => (i === parts.shards.length - 1 ? s.subarray(0, s.length - 100) : s)) };
    const err = await loadNsfwjsModel('nsfwjs-mobilenet_v2', async () => damaged).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFilesError);
    expect((err as Error).message).toMatch(/missing or damaged/);
    expect((err as ModelFilesError).reason).toMatch(/bytes of weights, the model needs/);
  }, 60_000);

  it('refuses a missing shard and missing files', async () => {
    const short = await loadNsfwjsModel('nsfwjs-mobilenet_v2', async () => ({ ...parts, shards: [] })).catch((e: unknown) => e);
    expect((short as ModelFilesError).reason).toMatch(/found 0/);
    const missing = await loadNsfwjsModel('nsfwjs-inception_v3', async () => {
      throw new Error("Cannot find module 'group1-shard3of6.min.js'");
    }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ModelFilesError);
    expect((missing as ModelFilesError).model).toBe('nsfwjs-inception_v3');
    expect((missing as Error).message).toMatch(/group1-shard3of6/);
  });
});
