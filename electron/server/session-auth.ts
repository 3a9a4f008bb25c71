import type http from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import { z } from 'zod';
import { ApiError } from '../common/errors.js';
import type { AppContext } from '../core/app/context.js';
import type { Caller } from '../core/api/caller.js';
import { resolveSession, revokeToken, type SessionPolicy } from '../core/team/sessions.js';
import { signIn, type SignInLimiter } from '../core/team/sign-in.js';

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure over TLS. */
export const SESSION_COOKIE = 'canting_session';

export interface SessionAuth {
  policy: SessionPolicy;
  limiter: SignInLimiter;
  /** Serving HTTPS: the cookie is marked Secure. */
  secure: boolean;
}

function bearer(req: http.IncomingMessage): string | undefined {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

function sessionCookie(req: http.IncomingMessage): string | undefined {
  return req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
}

/**
 * Cross-site request forgery: a cookie rides along with any request the
 * browser makes, even one another site's form sends. Such a request is
 * refused: browsers mark it with Sec-Fetch-Site, and a form cannot send JSON
 * (Content-Type application/json needs a CORS pre-flight this server never
 * grants). A Bearer header cannot be forged that way, so only cookie
 * requests are checked.
 */
function crossSite(req: http.IncomingMessage): ApiError | null {
  const site = req.headers['sec-fetch-site'];
  const json = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/json';
  if ((site !== undefined && site !== 'same-origin' && site !== 'none') || (req.method === 'POST' && !json)) {
    return new ApiError('forbidden', 'Requests from another site are refused').translated('crossSiteRefused');
  }
  return null;
}

/**
 * Who a request to a team catalogue comes from: the session of its Bearer
 * token or cookie. Every other request gets 401, the per-run token of
 * `canting serve` included.
 */
export function teamCaller(req: http.IncomingMessage, ctx: AppContext, auth: SessionAuth): { caller: Caller } | { status: number; error: ApiError } {
  const fromHeader = bearer(req);
  const fromCookie = sessionCookie(req);
  if (!fromHeader && fromCookie) {
    const refused = crossSite(req);
    if (refused) return { status: 403, error: refused };
  }
  const token = fromHeader || fromCookie; // an empty Bearer (no run token kept) is no token
  const session = token ? resolveSession(ctx.db, token, auth.policy) : null;
  if (!session) {
    const error = token
      ? new ApiError('unauthorized', 'Your session has ended; please sign in again').translated('sessionExpired')
      : new ApiError('unauthorized', 'Please sign in first').translated('signInRequired');
    return { status: 401, error };
  }
  return { caller: { kind: 'user', user: session.user } };
}

const Credentials = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) }).strict();

function setCookie(res: http.ServerResponse, value: string, maxAgeS: number, secure: boolean): void {
  res.setHeader('set-cookie', stringifySetCookie({ name: SESSION_COOKIE, value, httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeS }));
}

/** POST /api/auth.login: a new session (never the one the client brought) as a token and a cookie. */
export async function login(req: http.IncomingMessage, res: http.ServerResponse, input: unknown, ctx: AppContext, auth: SessionAuth): Promise<unknown> {
  const refused = crossSite(req);
  if (refused) throw refused;
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) throw new ApiError('invalid_input', 'auth.login takes {"username", "password"}');
  const address = req.socket.remoteAddress ?? 'unknown';
  const result = await signIn(ctx.db, auth.limiter, { ...parsed.data, address, userAgent: req.headers['user-agent'] ?? null }, auth.policy);
  setCookie(res, result.token, Math.floor(auth.policy.absoluteMs / 1000), auth.secure);
  return result;
}

/** POST /api/auth.logout: the session ends on the server, the cookie is cleared. */
export function logout(req: http.IncomingMessage, res: http.ServerResponse, ctx: AppContext, auth: SessionAuth): unknown {
  const token = bearer(req) || sessionCookie(req);
  const signedOut = token ? revokeToken(ctx.db, token) : false;
  setCookie(res, '', 0, auth.secure);
  return { signedOut };
}
