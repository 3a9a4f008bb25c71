import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SessionInfo, SignedInUser } from '../../common/contract/team.js';
import { iso } from './time.js';

/**
 * How long a session lasts. A working day: signed out after two hours
 * without a call (a desk left for lunch) and after twelve hours in any case
 * (the next morning starts with a sign-in).
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 3600_000, absoluteMs: 12 * 3600_000 };

/** Only this digest of a token is stored, so a copy of the catalogue file hands out no live session. */
export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface Client {
  address?: string | null;
  userAgent?: string | null;
}

/** A new session with a new 256-bit token (never one the client brought: no session fixation). */
export function createSession(db: Database, userId: number, client: Client, policy = DEFAULT_SESSION_POLICY, now = Date.now()): string {
  const token = randomBytes(32).toString('base64url');
  db.prepare(
    `INSERT INTO sessions (user_id, token_sha256, created_at, last_seen_at, idle_expires_at, absolute_expires_at, address, user_agent)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(userId, tokenDigest(token), iso(now), iso(now), iso(now + policy.idleMs), iso(now + policy.absoluteMs), client.address ?? null, client.userAgent?.slice(0, 300) ?? null);
  return token;
}

export interface ActiveSession {
  sessionId: number;
  user: SignedInUser;
}

/**
 * The session a token opens, or null (unknown, revoked, expired, or its
 * account disabled). Each use moves the idle expiry on, never past the
 * absolute one. The role is read afresh, so a changed role applies at once.
 */
export function resolveSession(db: Database, token: string, policy = DEFAULT_SESSION_POLICY, now = Date.now()): ActiveSession | null {
  const row = db
    .prepare(
      `SELECT s.id AS sessionId, u.id, u.username, u.display_name AS displayName, u.role
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_sha256 = ? AND s.revoked_at IS NULL AND u.disabled = 0 AND s.idle_expires_at > ? AND s.absolute_expires_at > ?`,
    )
    .get(tokenDigest(token), iso(now), iso(now)) as (SignedInUser & { sessionId: number }) | undefined;
  if (!row) return null;
  db.prepare('UPDATE sessions SET last_seen_at = ?, idle_expires_at = min(?, absolute_expires_at) WHERE id = ?').run(iso(now), iso(now + policy.idleMs), row.sessionId);
  const { sessionId, ...user } = row;
  return { sessionId, user };
}

export function revokeSession(db: Database, id: number, now = Date.now()): boolean {
  return db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(iso(now), id).changes > 0;
}

export function revokeToken(db: Database, token: string, now = Date.now()): boolean {
  return db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_sha256 = ? AND revoked_at IS NULL').run(iso(now), tokenDigest(token)).changes > 0;
}

/** Sessions still valid, newest first. */
export function listSessions(db: Database, now = Date.now()): SessionInfo[] {
  return db
    .prepare(
      `SELECT s.id, s.user_id AS userId, u.username, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt, s.idle_expires_at AS idleExpiresAt,
              s.absolute_expires_at AS absoluteExpiresAt, s.address, s.user_agent AS userAgent
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.revoked_at IS NULL AND u.disabled = 0 AND s.idle_expires_at > ? AND s.absolute_expires_at > ?
       ORDER BY s.id DESC`,
    )
    .all(iso(now), iso(now)) as SessionInfo[];
}
