import type { CallInput, CallName, CallOutput, SignedInUser } from '../common/contract/index.js';
import { ApiError, ERROR_CODES, type ErrorCode } from '../common/errors.js';

/** The server did not answer at all (down, restarting, network): worth waiting for, unlike an answer that says no. */
export class ServerUnreachable extends ApiError {
  constructor(message: string) {
    super('io', message);
  }
}

/** How a worker proves who it is: a worker account's password (signs in again when the session ends) or a session token. */
export type ServerCredentials = { username: string; password: string } | { token: string };

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * A process's client of a `canting serve` team catalogue over HTTP: signs in
 * (auth.login), sends each call with its Bearer token, and signs in again
 * when the session ends (a working day at most), so a worker keeps going
 * unattended. With a bare token there is nothing to sign in again with: the
 * ended session is said plainly.
 */
export class ServerClient {
  private token: string | null;
  readonly base: URL;

  constructor(
    server: string,
    private readonly credentials: ServerCredentials,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    let base: URL;
    try {
      base = new URL(server);
    } catch {
      throw new ApiError('invalid_input', `--server: "${server}" is not a URL (e.g. https://canting.arsip.local:8080)`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ApiError('invalid_input', `--server must be an http:// or https:// URL, not "${server}"`);
    this.base = base;
    this.token = 'token' in credentials ? credentials.token : null;
  }

  private async post(name: string, input: unknown, token: string | null): Promise<{ status: number; answer: Answer }> {
    const url = new URL(`/api/${name}`, this.base);
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ServerUnreachable(`Cannot reach the server at ${this.base.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    const text = await res.text();
    try {
      return { status: res.status, answer: JSON.parse(text) as Answer };
    } catch {
      throw new ApiError('io', `${this.base.origin} answered ${res.status} without Canting's JSON: is --server a Canting server?`);
    }
  }

  private static fail(answer: Extract<Answer, { ok: false }>): ApiError {
    const code = (ERROR_CODES as readonly string[]).includes(answer.error.code) ? (answer.error.code as ErrorCode) : 'internal';
    return new ApiError(code, answer.error.message);
  }

  /** Sign in (or check the token) and say who the server takes this process for. */
  async signIn(): Promise<SignedInUser> {
    if ('password' in this.credentials) {
      const { answer } = await this.post('auth.login', { username: this.credentials.username, password: this.credentials.password }, null);
      if (!answer.ok) {
        const err = ServerClient.fail(answer);
        throw new ApiError(err.code, `Cannot sign in to ${this.base.origin} as ${this.credentials.username}: ${err.message}`);
      }
      const value = answer.value as { token: string; user: SignedInUser };
      this.token = value.token;
      return value.user;
    }
    const me = await this.call('auth.me', {});
    if (!me.user) throw new ApiError('unauthorized', `${this.base.origin} is not a team catalogue: a worker signs in to a team catalogue's server`);
    return me.user;
  }

  async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    const first = await this.post(name, input, this.token);
    let answer = first.answer;
    if (first.status === 401 && 'password' in this.credentials) {
      // The session ended (a day's limit, or an admin ended it): sign in again once and repeat.
      await this.signIn();
      ({ answer } = await this.post(name, input, this.token));
    }
    if (!answer.ok) {
      const err = ServerClient.fail(answer);
      if (err.code === 'unauthorized' && !('password' in this.credentials)) {
        throw new ApiError('unauthorized', `${err.message}: the worker's token no longer opens ${this.base.origin}; start it with a new token, or with --user and --password-file to sign in again by itself`);
      }
      throw err;
    }
    return answer.value as CallOutput<N>;
  }
}
