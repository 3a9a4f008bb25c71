// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { startingJob, type JobKind, type JobStatus, type JobStatusOf } from '../../../electron/common/contract/index.js';
import { ClientContext } from '../../../renderer/src/api/context.js';
import { useJob, type Adopt } from '../../../renderer/src/api/useJob.js';
import { sampleResult } from '../../helpers/job-results.js';
import { answeringClient } from '../fakeClient.js';

afterEach(cleanup);

const status = <K extends JobKind>(id: string, kind: K, over: Partial<JobStatus> = {}) =>
  ({ ...startingJob(id, kind, `${kind} job`, 10, new Date('2026-12-01T10:00:00.000Z')), ...over }) as JobStatusOf<K>;
const done = <K extends JobKind>(id: string, kind: K) => status(id, kind, { state: 'done', done: 10, finishedAt: '2026-12-01T10:00:05.000Z', result: sampleResult(kind) } as Partial<JobStatus>);

/** The hook over a fake client whose jobs.list answers `listed` (after `delay`, as a real call takes a while). */
function setup<K extends JobKind>(kind: K, opts: { adopt?: Adopt; listed?: () => JobStatus[] } = {}) {
  let answerList!: () => void;
  const listAnswered = new Promise<void>((r) => (answerList = r));
  const fake = answeringClient({
    'jobs.list': async () => {
      await listAnswered;
      return opts.listed?.() ?? [];
    },
  });
  const seen: JobStatus[] = [];
  const wrapper = ({ children }: { children: ReactNode }) => <ClientContext.Provider value={fake.client}>{children}</ClientContext.Provider>;
  const hook = renderHook(() => useJob(kind, { adopt: opts.adopt, onStatus: (j) => seen.push(j) }), { wrapper });
  const emit = (job: JobStatus) => act(() => fake.emit({ type: 'job', job }));
  const answer = () => act(async () => answerList());
  return { ...fake, hook, emit, seen, answer };
}

describe('useJob', () => {
  it('keeps the events of the job it follows and none of the others', async () => {
    const { hook, emit, answer } = setup('export');
    act(() => hook.result.current.follow('export-1'));
    await emit(status('export-2', 'export', { done: 9 }));
    await emit(status('export-1', 'export', { done: 3 }));
    await emit(status('import-1', 'import', { done: 4 }) as JobStatus);
    expect(hook.result.current.job).toMatchObject({ id: 'export-1', done: 3 });
    await answer();
    expect(hook.result.current.job).toMatchObject({ id: 'export-1', done: 3 });
  });

  it('follows a job whose events come in the same tick as its id, before any render', async () => {
    const { hook, emit, answer, seen } = setup('export');
    // The start call answers and the job's first events arrive before React renders again: the id is read from a ref.
    await act(async () => {
      hook.result.current.follow('export-1');
      await emit(status('export-1', 'export', { done: 5 }));
      await emit(done('export-1', 'export'));
    });
    expect(hook.result.current.job).toMatchObject({ id: 'export-1', state: 'done', result: { format: 'csv', images: 3 } });
    expect(seen.map((j) => j.state)).toEqual(['running', 'done']);
    await answer();
    expect(hook.result.current.job?.state).toBe('done');
  });

  it('keeps an event sent before the start call answered with its id', async () => {
    const { hook, emit } = setup('prune');
    await emit(done('prune-1', 'prune'));
    expect(hook.result.current.job).toBeNull();
    act(() => hook.result.current.follow('prune-1', status('prune-1', 'prune')));
    // The remembered end, not the start call's stand-in.
    expect(hook.result.current.job).toMatchObject({ state: 'done', result: { vectors: 2 } });
  });

  it('keeps a job it picked up from its events when the start call then names it', async () => {
    const { hook, emit, seen } = setup('prune', { adopt: 'idle' });
    await emit(done('prune-1', 'prune'));
    act(() => hook.result.current.follow('prune-1', status('prune-1', 'prune')));
    expect(hook.result.current.job?.state).toBe('done');
    expect(seen.map((j) => j.state)).toEqual(['done']);
  });

  it('catches up with a job that ended before any of its events reached the panel, and never goes back', async () => {
    const { hook, emit, answer } = setup('export', { listed: () => [done('export-1', 'export')] });
    act(() => hook.result.current.follow('export-1', status('export-1', 'export')));
    expect(hook.result.current.job?.state).toBe('running');
    await answer();
    expect(hook.result.current.job).toMatchObject({ state: 'done', result: { out: '/tmp/katalog.csv' } });
    // A late progress event of the same job is older than its end.
    await emit(status('export-1', 'export', { done: 4 }));
    expect(hook.result.current.job?.state).toBe('done');
  });

  it('picks up a job already running when the panel opens, and the next one once it has ended', async () => {
    const { hook, emit, answer } = setup('import', { adopt: 'idle', listed: () => [status('import-1', 'import', { done: 2 })] });
    await answer();
    expect(hook.result.current.job).toMatchObject({ id: 'import-1', done: 2 });
    await emit(status('import-2', 'import', { done: 1 }));
    expect(hook.result.current.job?.id).toBe('import-1');
    await emit(done('import-1', 'import'));
    await emit(status('import-2', 'import', { done: 2 }));
    expect(hook.result.current.job).toMatchObject({ id: 'import-2', done: 2 });
  });

  it('forgets the followed job on reset, and follows every job of its kind when told to', async () => {
    const idle = setup('train', { adopt: 'idle' });
    await idle.emit(status('train-1', 'train', { done: 1 }));
    act(() => idle.hook.result.current.reset());
    expect(idle.hook.result.current.job).toBeNull();
    await idle.emit(status('train-2', 'train', { done: 1 }));
    expect(idle.hook.result.current.job?.id).toBe('train-2');

    const every = setup('classify', { adopt: 'always' });
    await every.emit(status('classify-1', 'classify', { done: 1 }));
    await every.emit(status('classify-2', 'classify', { done: 1 }));
    expect(every.hook.result.current.job?.id).toBe('classify-2');
  });
});
