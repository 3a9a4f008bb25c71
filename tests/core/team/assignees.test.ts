import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { Caller } from '../../../electron/core/api/caller.js';
import { tempContext } from '../../helpers/temp.js';

const PASSWORD = 'kawung-parang-1';
const caller = (username: string, role: 'archivist' | 'validator'): Caller => ({ kind: 'user', user: { id: 2, username, displayName: username, role } });

describe('users.validators: whom an archivist can hand a work queue to', () => {
  it('lists enabled validators and experts by display name (names only), refuses a validator, and is empty single-seat', async () => {
    const ctx = await tempContext();
    expect(await dispatch('users.validators', {}, ctx)).toEqual({ ok: true, value: [] });
    const accounts = [
      ['ratna', 'Ratna Dewi', 'admin'],
      ['sari', 'Sari', 'archivist'],
      ['budi', 'Budi Santoso', 'validator'],
      ['ayu', 'Ayu Lestari', 'validator'],
      ['dewi', 'Dewi Sartika', 'expert'],
      ['wati', 'Wati', 'viewer'],
      ['eko', 'Eko', 'validator'],
    ] as const;
    expect((await dispatch('team.enable', { username: 'ratna', displayName: 'Ratna Dewi', password: PASSWORD }, ctx)).ok).toBe(true);
    for (const [username, displayName, role] of accounts.slice(1)) {
      expect((await dispatch('users.add', { username, displayName, role, password: PASSWORD }, ctx)).ok).toBe(true);
    }
    expect((await dispatch('users.disable', { username: 'eko' }, ctx)).ok).toBe(true);

    expect(await dispatch('users.validators', {}, ctx, caller('sari', 'archivist'))).toEqual({
      ok: true,
      value: [
        { username: 'ayu', displayName: 'Ayu Lestari', role: 'validator' },
        { username: 'budi', displayName: 'Budi Santoso', role: 'validator' },
        { username: 'dewi', displayName: 'Dewi Sartika', role: 'expert' },
      ],
    });
    const refused = await dispatch('users.validators', {}, ctx, caller('ayu', 'validator'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', messageKey: 'roleForbidden' } });
  });
});
