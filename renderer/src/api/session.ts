import type { SignedInUser } from '../../../electron/common/contract/index.js';
import { ApiError, type ApiResult } from '../../../electron/common/errors.js';
import { forgetRunToken, type LocaliseError } from './client.js';
import { remoteBridge } from './remote.js';

/**
 * Sign-in and sign-out of a team catalogue served over HTTP. Not contract
 * calls: they set and clear the session cookie, which only the server's
 * transport does. In the desktop app on a server, main holds the session and
 * signs in for the page.
 */
async function post<T>(name: 'auth.login' | 'auth.logout', body: unknown, localise: LocaliseError): Promise<T> {
  const res = await fetch(`/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const result = (await res.json()) as ApiResult<T>;
  if (result.ok) return result.value;
  throw new ApiError(result.error.code, localise(result.error) ?? result.error.message);
}

export async function signIn(username: string, password: string, localise: LocaliseError): Promise<SignedInUser> {
  const remote = remoteBridge();
  if (remote) {
    const result = await remote.signIn(username, password);
    if (result.ok) return result.value;
    throw new ApiError(result.error.code, localise(result.error) ?? result.error.message);
  }
  const { user } = await post<{ user: SignedInUser }>('auth.login', { username, password }, localise);
  forgetRunToken(); // the cookie now carries the session
  return user;
}

export async function signOut(localise: LocaliseError): Promise<void> {
  const remote = remoteBridge();
  if (remote) return remote.signOut();
  await post('auth.logout', {}, localise);
}

/** Whether an error means "not (or no longer) signed in": the interface returns to the sign-in screen. */
export function isSignedOut(err: unknown): boolean {
  const key = (err as { messageKey?: string }).messageKey;
  return err instanceof ApiError && err.code === 'unauthorized' && (key === 'signInRequired' || key === 'sessionExpired');
}
