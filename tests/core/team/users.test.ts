import { describe, expect, it } from 'vitest';
import { addUser, disableUser, enableTeam, enableUser, findUser, isTeamCatalogue, listUsers, resetPassword, setRole } from '../../../electron/core/team/users.js';
import { createSession, resolveSession } from '../../../electron/core/team/sessions.js';
import { verifyPassword } from '../../../electron/core/team/passwords.js';
import { tempContext } from '../../helpers/temp.js';

const PASSWORD = 'kawung-parang-1';

async function team() {
  const ctx = await tempContext();
  await enableTeam(ctx.db, { username: 'Admin', displayName: 'Ibu Admin', password: PASSWORD });
  return ctx.db;
}

describe('team accounts', () => {
  it('makes a catalogue a team catalogue once, with its first admin', async () => {
    const ctx = await tempContext();
    expect(isTeamCatalogue(ctx.db)).toBe(false);
    await expect(addUser(ctx.db, { username: 'sari', role: 'viewer', password: PASSWORD })).rejects.toMatchObject({ messageKey: 'teamNotEnabled' });
    const admin = await enableTeam(ctx.db, { username: 'admin', password: PASSWORD });
    expect(admin).toMatchObject({ username: 'admin', displayName: 'admin', role: 'admin', disabled: false });
    expect(isTeamCatalogue(ctx.db)).toBe(true);
    await expect(enableTeam(ctx.db, { username: 'other', password: PASSWORD })).rejects.toMatchObject({ code: 'conflict', messageKey: 'teamAlreadyEnabled' });
    expect(listUsers(ctx.db).map((u) => u.username)).toEqual(['admin']);
  });

  it('refuses a second account whose name differs only in case, and finds accounts regardless of case', async () => {
    const db = await team();
    await addUser(db, { username: 'Sari', role: 'validator', displayName: 'Sari Wulandari', password: PASSWORD });
    await expect(addUser(db, { username: 'sari', role: 'viewer', password: PASSWORD })).rejects.toMatchObject({ code: 'conflict', messageKey: 'userExists' });
    expect(findUser(db, 'SARI')).toMatchObject({ username: 'Sari', role: 'validator', displayName: 'Sari Wulandari' });
  });

  it('stores no password, only a salted scrypt hash with its parameters', async () => {
    const db = await team();
    const stored = db.prepare("SELECT password_hash FROM users WHERE username = 'admin'").pluck().get() as string;
    expect(stored).not.toContain(PASSWORD);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword(PASSWORD + 'x', stored)).toBe(false);
  });

  it('refuses to disable or demote the last enabled admin, and allows it once another admin exists', async () => {
    const db = await team();
    expect(() => disableUser(db, 'admin')).toThrow(expect.objectContaining({ code: 'conflict', messageKey: 'lastAdmin' }));
    expect(() => setRole(db, 'admin', 'viewer')).toThrow(expect.objectContaining({ messageKey: 'lastAdmin' }));
    await addUser(db, { username: 'budi', role: 'archivist', password: PASSWORD });
    setRole(db, 'budi', 'admin');
    disableUser(db, 'budi');
    // budi is disabled: admin is again the last enabled one.
    expect(() => setRole(db, 'admin', 'expert')).toThrow(expect.objectContaining({ messageKey: 'lastAdmin' }));
    enableUser(db, 'budi');
    expect(setRole(db, 'admin', 'expert').role).toBe('expert');
    expect(listUsers(db).filter((u) => u.role === 'admin' && !u.disabled).map((u) => u.username)).toEqual(['budi']);
  });

  it('ends an account’s sessions when it is disabled or its password is reset', async () => {
    const db = await team();
    const sari = await addUser(db, { username: 'sari', role: 'validator', password: PASSWORD });
    const first = createSession(db, sari.id, {});
    disableUser(db, 'sari');
    expect(resolveSession(db, first)).toBeNull();
    enableUser(db, 'sari');
    expect(resolveSession(db, first)).toBeNull(); // enabling again does not bring old sessions back
    const second = createSession(db, sari.id, {});
    expect(resolveSession(db, second)?.user.username).toBe('sari');
    await resetPassword(db, 'sari', 'batik-tulis-2');
    expect(resolveSession(db, second)).toBeNull();
    expect(await verifyPassword('batik-tulis-2', findUser(db, 'sari')!.passwordHash)).toBe(true);
  });

  it('names an unknown account in its answer', async () => {
    const db = await team();
    expect(() => disableUser(db, 'nobody')).toThrow(expect.objectContaining({ code: 'not_found', messageKey: 'userNotFound', params: { username: 'nobody' } }));
  });
});
