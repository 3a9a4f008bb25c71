import type { WorkerInfo } from '../../common/contract/workers.js';
import { ApiError } from '../../common/errors.js';

/** How often a worker reports (the server tells it in worker.hello's answer). */
export const HEARTBEAT_MS = 5000;
/** Silent for this many heartbeats: listed as lost (killed, cut off). */
const LOST_AFTER_BEATS = 3;
/** Workers kept in the list at most; the longest-gone are forgotten first (a worker account cannot fill the server's memory). */
const MAX_WORKERS = 500;

interface Entry {
  info: Omit<WorkerInfo, 'state' | 'busy' | 'startedAt' | 'lastSeenAt'>;
  /** Jobs running at the last heartbeat; null until reported (or from a worker that does not report it). */
  running: number | null;
  /** The account that checked it in: only that account may report for it (null: the catalogue's owner). */
  userId: number | null;
  startedAt: number;
  lastSeenAt: number;
  stopped: boolean;
}

export interface WorkerCheckIn {
  host: string;
  pid: number;
  pipelines: string[];
  concurrency: number;
  version: string;
}

export interface WorkerTotals {
  jobsDone: number;
  imagesDone: number;
  imagesPerSecond: number;
  refusing: string[];
  running?: number;
}

/** Who reports: an account (its id and name) or the catalogue's owner. */
export interface Reporter {
  userId: number | null;
  username: string | null;
}

/**
 * The workers a `canting serve --queue` server has heard from since it
 * started: in memory only (a restarted server learns them again from their
 * next heartbeat, which asks them to check in anew). One per app context.
 */
export class WorkerRegistry {
  private readonly workers = new Map<string, Entry>();
  constructor(
    private readonly now: () => number = Date.now,
    readonly heartbeatMs: number = HEARTBEAT_MS,
  ) {}

  hello(input: WorkerCheckIn, by: Reporter): { name: string; heartbeatMs: number } {
    const name = `${input.host}:${input.pid}`;
    const existing = this.workers.get(name);
    if (existing) this.owned(existing, name, by);
    const t = this.now();
    this.workers.set(name, {
      info: { name, ...input, username: by.username, jobsDone: 0, imagesDone: 0, imagesPerSecond: 0, refusing: [] },
      userId: by.userId,
      running: null,
      startedAt: t,
      lastSeenAt: t,
      stopped: false,
    });
    this.forgetOldest();
    return { name, heartbeatMs: this.heartbeatMs };
  }

  /** False when the name is unknown (the server restarted): the worker checks in again. */
  heartbeat(name: string, totals: WorkerTotals, by: Reporter): boolean {
    const entry = this.workers.get(name);
    if (!entry || entry.stopped) return false;
    this.owned(entry, name, by);
    const { running, ...rest } = totals;
    Object.assign(entry.info, rest);
    entry.running = running ?? null;
    entry.lastSeenAt = this.now();
    return true;
  }

  bye(name: string, by: Reporter): boolean {
    const entry = this.workers.get(name);
    if (!entry) return false;
    this.owned(entry, name, by);
    entry.stopped = true;
    entry.info.imagesPerSecond = 0;
    entry.lastSeenAt = this.now();
    return true;
  }

  list(): WorkerInfo[] {
    const t = this.now();
    return [...this.workers.values()]
      .map((e) => {
        const working = this.state(e, t) === 'working';
        return {
          ...e.info,
          startedAt: new Date(e.startedAt).toISOString(),
          lastSeenAt: new Date(e.lastSeenAt).toISOString(),
          state: this.state(e, t),
          busy: working && (e.running !== null ? e.running > 0 : e.info.imagesPerSecond > 0),
          imagesPerSecond: working ? e.info.imagesPerSecond : 0,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private state(e: Entry, t: number): WorkerInfo['state'] {
    if (e.stopped) return 'stopped';
    return t - e.lastSeenAt > LOST_AFTER_BEATS * this.heartbeatMs ? 'lost' : 'working';
  }

  /** One worker account cannot report for (or stop) another account's worker. */
  private owned(entry: Entry, name: string, by: Reporter): void {
    if (by.userId !== null && entry.userId !== by.userId) {
      throw new ApiError('forbidden', `Worker ${name} checked in with another account`);
    }
  }

  private forgetOldest(): void {
    if (this.workers.size <= MAX_WORKERS) return;
    const t = this.now();
    const byAge = [...this.workers.entries()].sort((a, b) => {
      const gone = (e: Entry) => (this.state(e, t) === 'working' ? 1 : 0);
      return gone(a[1]) - gone(b[1]) || a[1].lastSeenAt - b[1].lastSeenAt;
    });
    for (const [name] of byAge.slice(0, this.workers.size - MAX_WORKERS)) this.workers.delete(name);
  }
}
