import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasRedis, NO_REDIS_REASON, startRedis } from '../helpers/redis.js';
import { tempContext, tempDir } from '../helpers/temp.js';
import { startQueueService } from '../../electron/cli/queue-serve.js';
import { startCli } from '../helpers/worker-process.js';

describe('canting serve --queue', () => {
  it('refuses a stall interval that would rerun every job, before connecting', async () => {
    const ctx = await tempContext();
    await expect(startQueueService(ctx, { queue: 'redis://127.0.0.1:1', queueStall: 100 }, () => {})).rejects.toThrow('--queue-stall: give milliseconds, at least 500');
    expect(ctx.remote).toBeUndefined();
  });

  it.skipIf(!hasRedis)(`says where the work goes, with the password masked (${hasRedis ? 'redis-server present' : NO_REDIS_REASON})`, async () => {
    const redis = await startRedis({ password: 'pw-Queue-77' });
    const serve = startCli(['serve', '--db', path.join(tempDir(), 'c.sqlite'), '--queue', `redis://127.0.0.1:${redis.port}`, '--queue-stall', '5000'], {
      CANTING_QUEUE_PASSWORD: 'pw-Queue-77',
    });
    await serve.waitFor(/http:\/\/\S+/);
    expect(serve.stdout()).toContain(`Queue redis://127.0.0.1:${redis.port}/0 (password set): classification and import analysis run on canting workers (stall interval 5000 ms)`);
    expect(serve.stdout() + serve.stderr()).not.toContain('pw-Queue-77');
    expect(await serve.stop()).toBe(0);
  });
});
