import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobKind, JobStatusOf } from '../../../electron/common/contract/index.js';
import { useClient } from './context.js';

/**
 * Which jobs of the kind a panel follows besides those it starts itself:
 * - 'idle': one already running when the panel opens, or one that starts
 *   while the panel follows none or the one it followed has ended (started in
 *   another window, or by the app itself);
 * - 'always': every job of the kind, the latest to report.
 * Without it, only the jobs given to `follow`.
 */
export type Adopt = 'idle' | 'always';

export interface JobOptions<K extends JobKind> {
  adopt?: Adopt;
  /** Every status of the followed job as it arrives (after it is shown), e.g. to refresh what the job changes. */
  onStatus?: (job: JobStatusOf<K>) => void;
}

export interface FollowedJob<K extends JobKind> {
  /** The followed job's latest status; its `result` is typed for the kind. */
  job: JobStatusOf<K> | null;
  /** Follow the job a start call answered with; `first` stands in until its status is known (the start call's numbers). */
  follow(id: string, first?: JobStatusOf<K>): void;
  /** Follow nothing (another facet, a new start). */
  reset(): void;
}

/** The latest status of the kind's recent jobs, kept so a start call answered after its job's events loses none of them. */
const REMEMBERED = 32;

const ended = (job: { state: string }) => job.state !== 'running' && job.state !== 'queued';
/**
 * A status never goes back from an end to running: a snapshot from jobs.list may be older than an event that came
 * meanwhile. Counts cannot order two running ones: a job's phases count anew (a train job's views, then its epochs).
 */
function isOlder(a: { state: string }, b: { state: string }): boolean {
  return ended(b) && !ended(a);
}

/**
 * One job of a kind, as a panel follows it: subscribes to job events once,
 * keeps those of the followed job (its id is read from a ref, so an event
 * sent before the next render is not lost; one sent before the start call
 * answered is remembered), and catches up with the job's current status from
 * jobs.list when it starts following (a short job may have ended before its
 * first event arrived).
 */
export function useJob<K extends JobKind>(kind: K, options: JobOptions<NoInfer<K>> = {}): FollowedJob<K> {
  const client = useClient();
  const { adopt } = options;
  const [job, setJob] = useState<JobStatusOf<K> | null>(null);
  const followed = useRef<string | null>(null);
  const current = useRef<JobStatusOf<K> | null>(null);
  const recent = useRef(new Map<string, JobStatusOf<K>>());
  const onStatus = useRef(options.onStatus);
  useEffect(() => {
    onStatus.current = options.onStatus;
  });

  const take = useCallback((status: JobStatusOf<K>) => {
    const seen = current.current;
    if (seen && seen.id === status.id && isOlder(status, seen)) return;
    followed.current = status.id;
    current.current = status;
    setJob(status);
    onStatus.current?.(status);
  }, []);

  /** Whether a job that is not the followed one may take its place. */
  const adoptable = useCallback(() => {
    if (adopt === 'always') return true;
    if (adopt !== 'idle') return false;
    if (followed.current === null) return true;
    return current.current?.id === followed.current && ended(current.current);
  }, [adopt]);

  const catchUp = useCallback(
    (pick: (jobs: JobStatusOf<K>[]) => JobStatusOf<K> | undefined, still: () => boolean) => {
      client.call('jobs.list', {}).then(
        (jobs) => {
          const status = pick(jobs.filter((j): j is JobStatusOf<K> => j.kind === kind));
          if (status && still()) take(status);
        },
        () => undefined,
      );
    },
    [client, kind, take],
  );

  useEffect(() => {
    const off = client.onEvent((event) => {
      if (event.type !== 'job' || event.job.kind !== kind) return;
      const status = event.job as JobStatusOf<K>;
      const remembered = recent.current;
      remembered.delete(status.id);
      remembered.set(status.id, status);
      if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
      if (status.id === followed.current || adoptable()) take(status);
    });
    // Opened while a job of the kind runs: follow it, unless events or a start came first.
    if (adopt) {
      catchUp(
        (jobs) => jobs.find((j) => !ended(j)),
        () => followed.current === null,
      );
    }
    return off;
  }, [client, kind, adopt, adoptable, take, catchUp]);

  const follow = useCallback(
    (id: string, first?: JobStatusOf<K>) => {
      followed.current = id;
      // Already shown (picked up from its events while the start call was on its way): nothing to replace.
      if (current.current?.id !== id) {
        current.current = null;
        const known = recent.current.get(id) ?? first;
        if (known) take(known);
        else setJob(null);
      }
      catchUp(
        (jobs) => jobs.find((j) => j.id === id),
        () => followed.current === id,
      );
    },
    [take, catchUp],
  );

  const reset = useCallback(() => {
    followed.current = null;
    current.current = null;
    setJob(null);
  }, []);

  return { job, follow, reset };
}
