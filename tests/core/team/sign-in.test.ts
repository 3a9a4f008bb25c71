import { describe, expect, it } from 'vitest';
import { addUser, disableUser, enableTeam } from '../../../electron/core/team/users.js';
import { listSignIns, signIn, SignInLimiter } from '../../../electron/core/team/sign-in.js';
import { resolveSession } from '../../../electron/core/team/sessions.js';
import { tempContext } from '../../helpers/temp.js';

const PASSWORD = 'kawung-parang-1';

async function team() {
  const ctx = await tempContext();
  await enableTeam(ctx.db, { username: 'admin', password: PASSWORD });
  await addUser(ctx.db, { username: 'Sari', role: 'validator', password: PASSWORD });
  return ctx.db;
}

const failure = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { code: string; message: string; messageKey: string } | null;
  expect(err).not.toBeNull();
  return { code: err!.code, message: err!.message, messageKey: err!.messageKey };
};

describe('sign-in', () => {
  it('opens a session for the right password, the name in any case, with a new token each time', async () => {
    const db = await team();
    const limiter = new SignInLimiter();
    const first = await signIn(db, limiter, { username: 'sari', password: PASSWORD, address: '10.0.0.5' });
    expect(first.user).toMatchObject({ username: 'Sari', role: 'validator' });
    const second = await signIn(db, limiter, { username: 'SARI', password: PASSWORD, address: '10.0.0.5' });
    expect(second.token).not.toBe(first.token);
    expect(resolveSession(db, second.token)?.user.username).toBe('Sari');
  });

  it('answers a wrong name, a wrong password and a disabled account alike, and records which it was', async () => {
    const db = await team();
    const limiter = new SignInLimiter();
    const wrongUser = await failure(signIn(db, limiter, { username: 'nobody', password: PASSWORD, address: '10.0.0.5' }));
    const wrongPassword = await failure(signIn(db, limiter, { username: 'sari', password: 'not-the-password', address: '10.0.0.5' }));
    disableUser(db, 'sari');
    const disabled = await failure(signIn(db, limiter, { username: 'sari', password: PASSWORD, address: '10.0.0.6' }));
    expect(wrongUser).toEqual({ code: 'unauthorized', message: 'Wrong username or password', messageKey: 'signInFailed' });
    expect(wrongPassword).toEqual(wrongUser);
    expect(disabled).toEqual(wrongUser);
    await signIn(db, limiter, { username: 'admin', password: PASSWORD, address: '10.0.0.7' });
    expect(listSignIns(db, 10).map((e) => [e.username, e.success, e.reason, e.address])).toEqual([
      ['admin', true, 'signed_in', '10.0.0.7'],
      ['sari', false, 'disabled', '10.0.0.6'],
      ['sari', false, 'wrong_password', '10.0.0.5'],
      ['nobody', false, 'unknown_user', '10.0.0.5'],
    ]);
  });

  it('makes a name wait after too many failures from one address, saying how long; other addresses and names go on', async () => {
    const db = await team();
    const limiter = new SignInLimiter({ perUser: { points: 3, durationS: 600 }, perAddress: { points: 100, durationS: 600 } });
    for (let i = 0; i < 3; i++) await failure(signIn(db, limiter, { username: 'sari', password: 'guess-' + i + '-xxxxx', address: '10.0.0.9' }));
    const limited = signIn(db, limiter, { username: 'sari', password: PASSWORD, address: '10.0.0.9' });
    await expect(limited).rejects.toMatchObject({ code: 'rate_limited', messageKey: 'signInRateLimited', details: { retryAfterSeconds: expect.any(Number) } });
    await expect(limited.catch((e: { params: { seconds: number } }) => e.params.seconds)).resolves.toBeGreaterThan(590);
    expect(listSignIns(db, 1)[0]).toMatchObject({ username: 'sari', success: false, reason: 'rate_limited' });
    await expect(signIn(db, limiter, { username: 'sari', password: PASSWORD, address: '10.0.0.10' })).resolves.toMatchObject({ user: { username: 'Sari' } });
    await expect(signIn(db, limiter, { username: 'admin', password: PASSWORD, address: '10.0.0.9' })).resolves.toMatchObject({ user: { username: 'admin' } });
  });

  it('makes an address wait after too many failures over many names', async () => {
    const db = await team();
    const limiter = new SignInLimiter({ perUser: { points: 100, durationS: 600 }, perAddress: { points: 3, durationS: 600 } });
    for (const name of ['a', 'b', 'c']) await failure(signIn(db, limiter, { username: name, password: 'guess-xxxxxxx', address: '10.0.0.9' }));
    await expect(signIn(db, limiter, { username: 'admin', password: PASSWORD, address: '10.0.0.9' })).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
