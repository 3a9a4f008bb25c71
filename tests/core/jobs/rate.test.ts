import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../electron/core/jobs/events.js';
import { JobRunner, type JobContext } from '../../../electron/core/jobs/runner.js';
import { sampleResult } from '../../helpers/job-results.js';

afterEach(() => vi.useRealTimers());

describe('job rate and ETA', () => {
  it('are measured from the report that says the work so far cost nothing (cached, or done by an earlier run)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const runner = new JobRunner(new EventBus());
    let jc!: JobContext;
    let finish!: () => void;
    const job = runner.start('classify', 'Classify', async (c) => {
      jc = c;
      await new Promise<void>((r) => (finish = r));
      return sampleResult('classify');
    });
    await Promise.resolve();
    // 50 of 100 straight from a cache, at once; then one image a second
    jc.progress({ found: 100, done: 50 });
    vi.setSystemTime(Date.now() + 2000); // starting the engine
    jc.progress({ rateFromHere: true });
    vi.setSystemTime(Date.now() + 10_000);
    jc.progress({ done: 60 });
    expect(runner.get(job.id)).toMatchObject({ ratePerSecond: 1, etaSeconds: 40 });
    finish();
    await job.done;

    // Without the mark every file processed since the start counts, the skipped ones too (an
    // import's duplicate costs as much hashing as a new photo).
    const imported = runner.start('import', 'Import', async (c) => {
      c.progress({ found: 100 });
      vi.setSystemTime(Date.now() + 10_000);
      c.progress({ done: 20, skipped: 20 });
      return sampleResult('import');
    });
    await imported.done;
    const history = runner.get(imported.id);
    expect(history.state).toBe('done');
    expect(history.ratePerSecond).toBe(4);
  });
});
