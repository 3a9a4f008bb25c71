import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../electron/core/classify/backend.js';
import { loadBackbone, loadFrozenTop, type Backbone } from '../../../electron/core/classify/backbone.js';
import { BACKBONE_ID, EMBEDDING_DIM, POOLED_DIM, TOP_INPUT_DIM } from '../../../electron/core/classify/backbone-info.js';
import type { TopBlock } from '../../../electron/core/classify/top-block.js';
import { backboneInputs } from '../../helpers/images.js';

/**
 * The backbone with a replaceable top block (fine-tuning): with the model's
 * own folded Conv_1 it must be the frozen backbone (same embeddings, so the
 * fine-tuning starts exactly from the head-only model); another top changes
 * the features and the id they are cached under.
 */

describe('backbone top block', () => {
  let frozen: Backbone;
  let top: TopBlock;
  beforeAll(async () => {
    await selectBackend({ prefer: 'wasm' });
    frozen = await loadBackbone();
    top = await loadFrozenTop();
  }, 60_000);
  afterAll(() => frozen?.dispose());

  it('with the model’s own top block gives the frozen embeddings, under a variant id', async () => {
    const { pixels: px, n } = await backboneInputs();
    const same = await loadBackbone({ top });
    try {
      const want = await frozen.embed(px.slice(), n);
      const got = await same.embed(px.slice(), n);
      expect(got.length).toBe(n * EMBEDDING_DIM);
      let maxDiff = 0;
      for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
      expect(Math.max(...want)).toBeGreaterThan(0.1);
      expect(maxDiff).toBeLessThan(1e-4);
      expect(same.id).toMatch(new RegExp(`^${BACKBONE_ID.replace(/[.+]/g, '\\$&')}\\+top-[0-9a-f]{16}$`));
    } finally {
      same.dispose();
    }
  }, 60_000);

  it('with a changed top block gives other embeddings and another id; top-input gives block 16’s map', async () => {
    const { pixels: px, n } = await backboneInputs();
    const changed = { kernel: top.kernel.map((w, i) => (i % 7 === 0 ? w * 1.5 : w)), bias: top.bias.slice() };
    const other = await loadBackbone({ top: changed });
    const same = await loadBackbone({ top });
    const input = await loadBackbone({ output: 'top-input' });
    try {
      const a = await same.embed(px.slice(), n);
      const b = await other.embed(px.slice(), n);
      expect(other.id).not.toBe(same.id);
      expect(a.some((v, i) => Math.abs(v - b[i]) > 1e-3)).toBe(true);
      const maps = await input.embed(px.slice(), n);
      expect(input.dim).toBe(TOP_INPUT_DIM);
      expect(maps.length).toBe(n * TOP_INPUT_DIM);
    } finally {
      other.dispose();
      same.dispose();
      input.dispose();
    }
  }, 60_000);

  it('ends every embedding with each block-16 channel’s mean and standard deviation over the 7×7 map', async () => {
    const { pixels: px, n } = await backboneInputs();
    const input = await loadBackbone({ output: 'top-input' });
    try {
      const maps = await input.embed(px.slice(), n);
      const emb = await frozen.embed(px.slice(), n);
      const channels = TOP_INPUT_DIM / 49;
      let maxDiff = 0;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          for (let p = 0; p < 49; p++) sum += maps[i * TOP_INPUT_DIM + p * channels + c];
          const mean = sum / 49;
          let sq = 0;
          for (let p = 0; p < 49; p++) sq += (maps[i * TOP_INPUT_DIM + p * channels + c] - mean) ** 2;
          const row = i * EMBEDDING_DIM + POOLED_DIM;
          maxDiff = Math.max(maxDiff, Math.abs(emb[row + c] - mean), Math.abs(emb[row + channels + c] - Math.sqrt(sq / 49)));
        }
      }
      expect(EMBEDDING_DIM).toBe(POOLED_DIM + 2 * channels);
      expect(maxDiff).toBeLessThan(1e-4);
      // the deviations are real texture, not zeros
      expect(emb[POOLED_DIM + channels + 5]).toBeGreaterThan(0.01);
    } finally {
      input.dispose();
    }
  }, 60_000);
});
