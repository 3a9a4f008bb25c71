import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/common/errors.js';
import { JobStatus } from '../../../electron/common/contract/index.js';
import { EventBus } from '../../../electron/core/jobs/events.js';
import { JobRunner } from '../../../electron/core/jobs/runner.js';
import { sampleResult } from '../../helpers/job-results.js';

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
      return sampleResult('classify');
    });
    runner.cancel(stopped.id);
    await expect(stopped.done).rejects.toThrow();
    expect(runner.get(stopped.id)).toMatchObject({ state: 'cancelled', messageKey: 'cancelled' });
  });
});

describe('typed job results', () => {
  it("puts a finished job's result on its status and its last event, where the contract reads it back by kind", async () => {
    const events = new EventBus();
    const runner = new JobRunner(events);
    const seen: unknown[] = [];
    events.subscribe((e) => seen.push(e));
    const job = runner.start('features', 'Compute features of 3 image(s)', async () => sampleResult('features'));
    const result = await job.done;
    expect(result.computed).toBe(2);
    const status = runner.get(job.id);
    expect(status).toMatchObject({ kind: 'features', state: 'done', result: { total: 3, computed: 2, failed: 1 } });
    // What jobs.list sends (dispatch parses it with the contract) keeps the whole result.
    expect(JobStatus.parse(status)).toEqual(status);
    expect(seen.at(-1)).toEqual({ type: 'job', job: status });
  });

  it("waits for a job's result only as the kind it is", async () => {
    const runner = new JobRunner(new EventBus());
    const job = runner.start('prune', 'Delete 2 old feature vector(s)', async () => sampleResult('prune'));
    await expect(runner.wait(job.id, 'prune')).resolves.toMatchObject({ vectors: 2, vacuumed: false });
    await expect(runner.wait(job.id, 'classify')).rejects.toMatchObject({ code: 'internal', message: `Job ${job.id} is a prune job, not classify` });
    await expect(runner.wait('train-none', 'train')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('leaves a failed or cancelled job without a result', async () => {
    const runner = new JobRunner(new EventBus());
    const failed = runner.start('export', 'CSV → katalog.csv', async () => {
      throw new Error('disk full');
    });
    await expect(failed.done).rejects.toThrow('disk full');
    expect(runner.get(failed.id)).toMatchObject({ state: 'failed', message: 'disk full' });
    expect(runner.get(failed.id).result).toBeUndefined();
  });
});
