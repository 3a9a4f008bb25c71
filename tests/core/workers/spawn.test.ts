import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../../../electron/core/workers/spawn.js';

describe('spawnWorker', () => {
  it('starts a TypeScript worker from source and talks to it', async () => {
    const worker = spawnWorker(new URL('../../../electron/core/workers/echo-worker.js', import.meta.url));
    const answer = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(21);
    });
    expect(answer).toBe(42);
    await worker.terminate();
  });
});
