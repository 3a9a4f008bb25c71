import { describe, expect, it } from 'vitest';
import type { JobStatus, WorkerInfo } from '../../electron/common/contract/index.js';
import { progressLine, workerChanges, workerLines } from '../../electron/cli/queue-log.js';

const w = (name: string, state: WorkerInfo['state']): WorkerInfo => ({
  name,
  host: name.split(':')[0],
  pid: 1,
  username: 'worker1',
  version: '1',
  pipelines: ['p'],
  concurrency: 2,
  startedAt: '2026-12-03T05:00:00.000Z',
  lastSeenAt: '2026-12-03T05:00:00.000Z',
  jobsDone: 0,
  imagesDone: 0,
  imagesPerSecond: 0,
  state,
  busy: state === 'working',
});

describe('serve --queue log', () => {
  it('says once when a worker joins and once when it leaves', () => {
    const seen = new Map<string, WorkerInfo['state']>();
    expect(workerChanges(seen, [w('scan-1:10', 'working')])).toEqual(['worker scan-1:10 joined (worker1, 2 at once, 1 pipeline(s))']);
    expect(workerChanges(seen, [w('scan-1:10', 'working')])).toEqual([]);
    expect(workerChanges(seen, [w('scan-1:10', 'lost'), w('scan-2:11', 'working')])).toEqual([
      'worker scan-1:10 left (silent, its jobs run again after the stall interval)',
      'worker scan-2:11 joined (worker1, 2 at once, 1 pipeline(s))',
    ]);
    expect(workerChanges(seen, [w('scan-1:10', 'lost'), w('scan-2:11', 'stopped')])).toEqual(['worker scan-2:11 left (stopped)']);
  });

  it('prints progress of all workers together, and nothing when idle', () => {
    const job = { id: 'j', state: 'running', title: 'Classify 100 image(s)', done: 40, found: 100, failed: 1, ratePerSecond: 12.34 } as JobStatus;
    expect(progressLine([job], { waiting: 5, active: 2 }, 2)).toBe('queue: Classify 100 image(s): 40/100, 1 failed, 12.3/s · 5 batch(es) waiting, 2 on 2 worker(s)');
    expect(progressLine([{ ...job, state: 'done' }], { waiting: 0, active: 0 }, 2)).toBeNull();
  });

  it('lists each working worker under the progress line: jobs and images done, images per second, last seen', () => {
    const busy = { ...w('scan-1:10', 'working'), jobsDone: 12, imagesDone: 96, imagesPerSecond: 7.25, lastSeenAt: '2026-12-03T05:00:00.000Z' };
    expect(workerLines([busy, w('scan-2:11', 'lost')], new Date('2026-12-03T05:00:04.000Z'))).toEqual([
      '  worker scan-1:10: 12 job(s), 96 image(s), 7.3/s, last seen 4 s ago',
    ]);
  });
});
