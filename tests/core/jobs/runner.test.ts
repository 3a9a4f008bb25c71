import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/common/errors.js';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { EventBus } from '../../../electron/core/jobs/events.js';
import { JobRunner } from '../../../electron/core/jobs/runner.js';

describe('job messages the interface can word in its language', () => {
  it('carry the key of a step while it runs, drop it with the next plain message, and carry the key of a failure', async () => {
    const runner = new JobRunner(new EventBus());
    const seen: Pick<JobStatus, 'message' | 'messageKey' | 'params'>[] = [];
    let step!: () => void;
    const job = runner.start('train', 'Train tema', async (jc) => {
      await Promise.resolve(); // the runner registers the job after starting it
      jc.progress({ message: 'augmenting 3/10', messageKey: 'augmenting', params: { done: 3, total: 10 } });
      seen.push(runner.get(jc.id));
      jc.progress({ message: 'epoch 1/40' });
      seen.push(runner.get(jc.id));
      jc.progress({ done: 2 }); // counts only: the message and its key stay
      seen.push(runner.get(jc.id));
      await new Promise<void>((r) => (step = r));
      throw new ApiError('io', 'The disk holding the catalogue is full.').translated('importDiskFull', { kept: 7 });
    });
    await new Promise((r) => setTimeout(r, 0));
    step();
    await expect(job.done).rejects.toThrow('disk');
    expect(seen.map(({ message, messageKey, params }) => ({ message, messageKey, params }))).toEqual([
      { message: 'augmenting 3/10', messageKey: 'augmenting', params: { done: 3, total: 10 } },
      { message: 'epoch 1/40', messageKey: undefined, params: undefined },
      { message: 'epoch 1/40', messageKey: undefined, params: undefined },
    ]);
    expect(runner.get(job.id)).toMatchObject({ state: 'failed', message: 'The disk holding the catalogue is full.', messageKey: 'importDiskFull', params: { kept: 7 } });

    const stopped = runner.start('classify', 'Classify', async (jc) => {
      await new Promise((r) => setTimeout(r, 20));
      jc.throwIfCancelled();
    });
    runner.cancel(stopped.id);
    await expect(stopped.done).rejects.toThrow();
    expect(runner.get(stopped.id)).toMatchObject({ state: 'cancelled', messageKey: 'cancelled' });
  });
});
