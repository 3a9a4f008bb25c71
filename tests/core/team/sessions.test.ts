import { describe, expect, it } from 'vitest';
import { addUser, enableTeam, setRole } from '../../../electron/core/team/users.js';
import { createSession, DEFAULT_SESSION_POLICY, listSessions, resolveSession, revokeSession, revokeToken, tokenDigest } from '../../../electron/core/team/sessions.js';
import { tempContext } from '../../helpers/temp.js';

const HOUR = 3600_000;

async function withUser() {
  const ctx = await tempContext();
  await enableTeam(ctx.db, { username: 'admin', password: 'kawung-parang-1' });
  const sari = await addUser(ctx.db, { username: 'sari', role: 'validator', password: 'kawung-parang-1' });
  return { db: ctx.db, sari };
}

describe('sessions', () => {
  it('last a working day: two hours idle, twelve in all', () => {
    expect(DEFAULT_SESSION_POLICY).toEqual({ idleMs: 2 * HOUR, absoluteMs: 12 * HOUR });
  });

  it('keeps only a digest of a fresh 256-bit token', async () => {
    const { db, sari } = await withUser();
    const a = createSession(db, sari.id, { address: '10.0.0.5', userAgent: 'Firefox' });
    const b = createSession(db, sari.id, {});
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    // Row order is the table's key order, not the order of sign-in.
    const stored = db.prepare('SELECT token_sha256 FROM sessions').pluck().all();
    expect(new Set(stored)).toEqual(new Set([tokenDigest(a), tokenDigest(b)]));
    expect(JSON.stringify(db.prepare('SELECT * FROM sessions').all())).not.toContain(a);
  });

  it('expires after the idle time, moved on by each use, and after the absolute time whatever the use', async () => {
    const { db, sari } = await withUser();
    const t0 = Date.parse('2026-03-02T08:00:00Z');
    const token = createSession(db, sari.id, {}, DEFAULT_SESSION_POLICY, t0);
    expect(resolveSession(db, token, DEFAULT_SESSION_POLICY, t0 + 2 * HOUR + 1)).toBeNull();

    const busy = createSession(db, sari.id, {}, DEFAULT_SESSION_POLICY, t0);
    // Used every 90 minutes: alive past two hours, but not past twelve.
    for (let t = t0 + 1.5 * HOUR; t < t0 + 12 * HOUR; t += 1.5 * HOUR) {
      expect(resolveSession(db, busy, DEFAULT_SESSION_POLICY, t)?.user.username).toBe('sari');
    }
    expect(resolveSession(db, busy, DEFAULT_SESSION_POLICY, t0 + 12 * HOUR + 1)).toBeNull();
  });

  it('ends when revoked, by id or by token, and takes a changed role at once', async () => {
    const { db, sari } = await withUser();
    const a = createSession(db, sari.id, {});
    const b = createSession(db, sari.id, {});
    setRole(db, 'sari', 'viewer');
    expect(resolveSession(db, a)?.user.role).toBe('viewer');
    const [newest] = listSessions(db);
    expect(revokeSession(db, newest.id)).toBe(true);
    expect(resolveSession(db, b)).toBeNull();
    expect(revokeToken(db, a)).toBe(true);
    expect(resolveSession(db, a)).toBeNull();
    expect(listSessions(db)).toEqual([]);
    expect(resolveSession(db, 'made-up-token')).toBeNull();
  });
});
