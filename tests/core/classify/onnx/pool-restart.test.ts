import { describe, expect, it } from 'vitest';
import { INCEPTION_V3 } from '../../../../electron/core/classify/backbones/definitions.js';
import { EnginePool } from '../../../../electron/core/classify/pool.js';
import { hasOnnxRuntime, onnxRuntimeNote } from '../../../helpers/onnxruntime.js';

/**
 * The app starts a pool per classify or features run. onnxruntime-node's
 * binding cannot be loaded again once every thread that loaded it has ended,
 * so without the pool keeping it loaded the second run fell back to wasm
 * ("Module did not self-register").
 */
describe.skipIf(!hasOnnxRuntime)(`one pool after another (${onnxRuntimeNote})`, () => {
  it('runs InceptionV3 on onnxruntime every time, not only the first', async () => {
    for (let run = 0; run < 2; run++) {
      const pool = await EnginePool.start({ workers: 1, backboneId: INCEPTION_V3.id });
      try {
        expect(pool.backend.skipped).toEqual([]);
        expect(pool.backend.name).toBe('onnxruntime');
      } finally {
        await pool.close();
      }
    }
  }, 60_000);
});
