import type { Database } from 'better-sqlite3';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { ApiError } from '../../common/errors.js';
import type { SignInEvent, SignedInUser } from '../../common/contract/team.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { createSession, DEFAULT_SESSION_POLICY, type Client, type SessionPolicy } from './sessions.js';
import { findUser, isTeamCatalogue } from './users.js';
import { iso } from './time.js';

/**
 * Failed sign-ins allowed before the next try must wait: per account name
 * from one address (guessing one password), and per address (trying many
 * names). Counted in memory by the serving process; a restart forgets them.
 */
export interface SignInLimits {
  perUser: { points: number; durationS: number };
  perAddress: { points: number; durationS: number };
}
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perUser: { points: 5, durationS: 15 * 60 },
  perAddress: { points: 30, durationS: 60 * 60 },
};

export class SignInLimiter {
  private readonly perUser: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;
  constructor(readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
    this.perUser = new RateLimiterMemory({ keyPrefix: 'user', points: limits.perUser.points, duration: limits.perUser.durationS });
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'addr', points: limits.perAddress.points, duration: limits.perAddress.durationS });
  }

  /** Milliseconds until the next try is allowed, or 0. */
  async waitMs(username: string, address: string): Promise<number> {
    const [user, addr] = await Promise.all([this.perUser.get(userKey(username, address)), this.perAddress.get(address)]);
    const wait = (res: typeof user, points: number) => (res && res.consumedPoints >= points ? res.msBeforeNext : 0);
    return Math.max(wait(user, this.limits.perUser.points), wait(addr, this.limits.perAddress.points));
  }

  async failed(username: string, address: string): Promise<void> {
    // consume() rejects once over the limit; the count is what matters here.
    await Promise.allSettled([this.perUser.consume(userKey(username, address)), this.perAddress.consume(address)]);
  }

  async succeeded(username: string, address: string): Promise<void> {
    await this.perUser.delete(userKey(username, address));
  }
}

const userKey = (username: string, address: string) => `${username.toLowerCase()}|${address}`;

function record(db: Database, username: string, userId: number | null, success: boolean, reason: string, address: string, now: number): void {
  db.prepare('INSERT INTO sign_in_events (at, username, user_id, success, reason, address) VALUES (?, ?, ?, ?, ?, ?)').run(
    iso(now),
    username.slice(0, 200),
    userId,
    success ? 1 : 0,
    reason,
    address,
  );
}

export interface SignInRequest {
  username: string;
  password: string;
  address: string;
  userAgent?: string | null;
}

/**
 * Checks a name and password and opens a session. A wrong name, a wrong
 * password and a disabled account take as long and answer the same (the
 * answer must not tell which names exist); the sign-in events say which.
 */
export async function signIn(
  db: Database,
  limiter: SignInLimiter,
  request: SignInRequest,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  now = () => Date.now(),
): Promise<{ token: string; user: SignedInUser }> {
  const { username, password, address } = request;
  if (!isTeamCatalogue(db)) {
    throw new ApiError('conflict', 'This catalogue is single-seat: there is nothing to sign in to').translated('teamNotEnabled');
  }
  const waitMs = await limiter.waitMs(username, address);
  if (waitMs > 0) {
    record(db, username, findUser(db, username)?.id ?? null, false, 'rate_limited', address, now());
    const seconds = Math.ceil(waitMs / 1000);
    throw new ApiError('rate_limited', `Too many failed sign-ins; try again in ${seconds} s`, { retryAfterSeconds: seconds }).translated('signInRateLimited', { seconds });
  }
  const user = findUser(db, username);
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !matches || user.disabled) {
    await limiter.failed(username, address);
    record(db, username, user?.id ?? null, false, !user ? 'unknown_user' : !matches ? 'wrong_password' : 'disabled', address, now());
    throw new ApiError('unauthorized', 'Wrong username or password').translated('signInFailed');
  }
  await limiter.succeeded(username, address);
  record(db, user.username, user.id, true, 'signed_in', address, now());
  const token = createSession(db, user.id, { address, userAgent: request.userAgent } satisfies Client, policy, now());
  return { token, user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role } };
}

export function listSignIns(db: Database, limit: number): SignInEvent[] {
  return (
    db.prepare('SELECT id, at, username, user_id AS userId, success, reason, address FROM sign_in_events ORDER BY id DESC LIMIT ?').all(limit) as (Omit<
      SignInEvent,
      'success'
    > & { success: number })[]
  ).map((e) => ({ ...e, success: e.success === 1 }));
}
