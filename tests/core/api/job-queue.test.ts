import { describe, expect, it } from 'vitest';
import type { Role } from '../../../electron/common/contract/index.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { Caller } from '../../../electron/core/api/caller.js';
import { RemoteCompute } from '../../../electron/core/queue/remote.js';
import { hasRedis, NO_REDIS_REASON, startRedis } from '../../helpers/redis.js';
import { onCleanup, tempContext } from '../../helpers/temp.js';

const as = (role: Role, id = 7): Caller => ({ kind: 'user', user: { id, username: `${role}${id}`, displayName: role, role } });

describe('jobQueue.status', () => {
  it('says the work runs here when the server has no queue; a worker or viewer may not ask', async () => {
    const ctx = await tempContext();
    expect(await dispatch('jobQueue.status', {}, ctx, as('archivist'))).toEqual({ ok: true, value: { enabled: false, waiting: 0, active: 0 } });
    for (const role of ['worker', 'viewer', 'validator'] as Role[]) {
      expect(await dispatch('jobQueue.status', {}, ctx, as(role))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it.skipIf(!hasRedis)(`counts the batches waiting on the queue (${hasRedis ? 'redis-server present' : NO_REDIS_REASON})`, async () => {
    const redis = await startRedis();
    const ctx = await tempContext();
    const remote = new RemoteCompute({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null });
    onCleanup(() => remote.close());
    ctx.remote = remote;
    await remote.producer.queue('canting-test').add('embed', { kind: 'embed' }, { jobId: 'a' });
    expect(await dispatch('jobQueue.status', {}, ctx, as('admin'))).toEqual({ ok: true, value: { enabled: true, waiting: 1, active: 0 } });
  });
});
