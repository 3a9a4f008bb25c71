import { CantingEvent, SignedInUser } from '../../common/contract/index.js';
import { ApiError, type ApiResult } from '../../common/errors.js';
import type { CertificateInfo } from '../../common/remote.js';
import { readEventStream } from './event-stream.js';
import { pinKey, serverOrigin } from './server-url.js';
import { CertificateRefused, isCertificateError, probeCertificate } from './tls.js';
import { nodeTransport, readText, type RemoteResponse, type Transport } from './transport.js';
import type { RecentServers } from './recent-servers.js';
import type { TrustedServers } from './trusted-servers.js';

// Idle time before an answer starts: some calls (a large export, re-encoding a photo) work a while first.
const CALL_TIMEOUT_MS = 120_000;
const RECONNECT_MS = 1000;
// Signing out is best effort: quitting or switching must not wait long on a server out of reach.
const SIGN_OUT_TIMEOUT_MS = 5000;

export interface RemoteDeps {
  trusted: TrustedServers;
  recent: RecentServers;
  /** How to reach a server (tests: a fake or a proxy); Node's HTTP client by default. */
  transport?: (origin: URL, pinnedFingerprint: string | null) => Transport;
  probe?: (origin: URL) => Promise<CertificateInfo>;
}

export interface ConnectOptions {
  url: string;
  username: string;
  password: string;
  /** The fingerprint the user was shown and accepted: pinned only if the server still presents exactly it. */
  acceptFingerprint?: string;
}

export type ConnectOutcome = { kind: 'connected'; connection: RemoteConnection; user: SignedInUser } | { kind: 'untrusted'; certificate: CertificateInfo };

function unreachable(origin: URL): ApiError {
  return new ApiError('io', `The server ${origin.host} cannot be reached; check the address and the network`).translated('remoteUnreachable', { host: origin.host });
}

function certificateChanged(origin: URL, presented: string | undefined): ApiError {
  return new ApiError(
    'forbidden',
    `The certificate of ${origin.host} is not the one you trusted before (now ${presented ?? 'unknown'}). Someone may be intercepting the connection: do not sign in; ask the server's administrator.`,
    { presented },
  ).translated('remoteCertificateChanged', { host: origin.host, fingerprint: presented ?? '?' });
}

function notTeam(origin: URL): ApiError {
  return new ApiError('unsupported', `${origin.host} does not serve a Canting team catalogue (a single-seat catalogue, or another web server)`).translated('remoteNotTeam', {
    host: origin.host,
  });
}

/** What a failed request means to the user: the certificate, or the server out of reach. */
function connectionError(origin: URL, err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof CertificateRefused && err.presented) return certificateChanged(origin, err.presented);
  if (isCertificateError(err)) {
    const reason = (err as { code?: string }).code ?? 'certificate';
    return new ApiError('forbidden', `The certificate of ${origin.host} is not trusted (${reason})`).translated('remoteCertificateUntrusted', { host: origin.host, reason });
  }
  return unreachable(origin);
}

async function readJson(res: RemoteResponse): Promise<unknown> {
  if (!res.contentType.startsWith('application/json')) {
    res.body.resume();
    return undefined;
  }
  try {
    return JSON.parse(await readText(res.body));
  } catch {
    return undefined;
  }
}

function isResult(x: unknown): x is ApiResult<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean' && ((x as { ok: boolean }).ok || typeof (x as { error?: { code?: unknown } }).error?.code === 'string');
}

/**
 * Opens a team catalogue on a server: checks the address, the certificate
 * (system trust, or the one pinned on first use), that it is a team
 * catalogue, then signs in. A certificate nobody vouches for is handed back
 * for the user to look at; nothing is sent to that server until they accept.
 */
export async function connectRemote(options: ConnectOptions, deps: RemoteDeps): Promise<ConnectOutcome> {
  const origin = serverOrigin(options.url);
  const probe = deps.probe ?? ((o: URL) => probeCertificate(o));
  const key = pinKey(origin);
  const secure = origin.protocol === 'https:';
  if (secure && options.acceptFingerprint) {
    const pinned = deps.trusted.fingerprintOf(key);
    let shown: CertificateInfo;
    try {
      shown = await probe(origin);
    } catch (err) {
      throw connectionError(origin, err);
    }
    // Accepting is no way around a pin: a changed certificate needs its old entry removed by hand.
    if (pinned && pinned !== shown.fingerprint) throw certificateChanged(origin, shown.fingerprint);
    if (shown.fingerprint !== options.acceptFingerprint) throw certificateChanged(origin, shown.fingerprint);
    deps.trusted.trust(key, shown.fingerprint, shown.subject);
  }
  const pin = secure ? deps.trusted.fingerprintOf(key) : null;
  const transport = (deps.transport ?? nodeTransport)(origin, pin);
  try {
    await checkTeamCatalogue(origin, transport);
  } catch (err) {
    transport.close();
    if (secure && !pin && isCertificateError(err) && !(err instanceof CertificateRefused)) {
      try {
        return { kind: 'untrusted', certificate: await probe(origin) };
      } catch (probeErr) {
        throw connectionError(origin, probeErr);
      }
    }
    throw connectionError(origin, err);
  }
  const connection = new RemoteConnection(origin, transport);
  try {
    const user = await connection.signIn(options.username, options.password);
    deps.recent.remember({ url: origin.origin, username: options.username });
    return { kind: 'connected', connection, user };
  } catch (err) {
    connection.close();
    throw err;
  }
}

/**
 * Asked without a session, a team catalogue answers "please sign in"; a
 * single-seat one asks for its per-run token, anything else is no Canting.
 */
async function checkTeamCatalogue(origin: URL, transport: Transport): Promise<void> {
  const res = await transport.send({ method: 'POST', path: '/api/auth.me', headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: CALL_TIMEOUT_MS });
  const answer = await readJson(res);
  const key = isResult(answer) && !answer.ok ? answer.error.messageKey : undefined;
  if (!isResult(answer) && res.status >= 500) throw unreachable(origin);
  if (res.status !== 401 || key !== 'signInRequired') throw notTeam(origin);
}

/**
 * One signed-in link to a team catalogue: contract calls with the session's
 * Bearer token (held here, in main, only), and the server's event stream
 * relayed to listeners.
 */
export class RemoteConnection {
  private token: string | null = null;
  /** The server ended the session (expired, revoked): calls made before the person signs in again say so too, not "sign in first". */
  private ended = false;
  private user: SignedInUser | null = null;
  private readonly listeners = new Set<(event: CantingEvent) => void>();
  private stream: AbortController | null = null;
  private closed = false;

  constructor(
    readonly origin: URL,
    private readonly transport: Transport,
  ) {}

  get url(): string {
    return this.origin.origin;
  }

  get signedInUser(): SignedInUser | null {
    return this.user;
  }

  async signIn(username: string, password: string): Promise<SignedInUser> {
    let res: RemoteResponse;
    try {
      res = await this.transport.send({
        method: 'POST',
        path: '/api/auth.login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
        timeoutMs: CALL_TIMEOUT_MS,
      });
    } catch (err) {
      throw connectionError(this.origin, err);
    }
    const answer = await readJson(res);
    if (!isResult(answer)) throw notTeam(this.origin);
    if (!answer.ok) {
      // The server's own answer (one wording for a wrong name and a wrong password, the rate limit).
      const e = answer.error;
      const err = new ApiError(e.code, e.message, e.details);
      if (e.messageKey) err.translated(e.messageKey, e.params);
      throw err;
    }
    const value = answer.value as { token?: unknown; user?: unknown };
    const user = SignedInUser.safeParse(value.user);
    if (typeof value.token !== 'string' || !user.success) throw notTeam(this.origin);
    this.token = value.token;
    this.ended = false;
    this.user = user.data;
    this.restartStream();
    return user.data;
  }

  /** Ends the session on the server (best effort: a server out of reach keeps it until it expires) and forgets the token. */
  async signOut(): Promise<void> {
    const token = this.token;
    this.forgetSession();
    if (!token) return;
    try {
      const res = await this.transport.send({ method: 'POST', path: '/api/auth.logout', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}', timeoutMs: SIGN_OUT_TIMEOUT_MS });
      res.body.resume();
    } catch {
      // the session ends on its own at the server
    }
  }

  /** A contract call, answered as dispatch answers: never throws. */
  async call(name: string, input: unknown): Promise<ApiResult<unknown>> {
    if (!this.token) {
      const error = this.ended
        ? new ApiError('unauthorized', 'Your session has ended; please sign in again').translated('sessionExpired')
        : new ApiError('unauthorized', 'Please sign in first').translated('signInRequired');
      return { ok: false, error: error.toJSON() };
    }
    try {
      const res = await this.transport.send({
        method: 'POST',
        path: `/api/${encodeURIComponent(name)}`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify(input ?? {}),
        timeoutMs: CALL_TIMEOUT_MS,
      });
      const answer = await readJson(res);
      // A proxy in front answering 502/503 with its own page: the server is out of reach, not another kind of server.
      if (!isResult(answer)) return { ok: false, error: (res.status >= 500 ? unreachable(this.origin) : notTeam(this.origin)).toJSON() };
      // The server ended the session (expired, revoked, password reset): back to sign-in, saying why.
      if (!answer.ok && answer.error.code === 'unauthorized' && answer.error.messageKey === 'sessionExpired') {
        this.forgetSession();
        this.ended = true;
      }
      return answer;
    } catch (err) {
      return { ok: false, error: connectionError(this.origin, err).toJSON() };
    }
  }

  /** The server's events (job progress, catalogue changes) while signed in; one stream for all listeners. */
  subscribe(listener: (event: CantingEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.stream) this.restartStream();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopStream();
    };
  }

  close(): void {
    this.closed = true;
    this.forgetSession();
    this.listeners.clear();
    this.transport.close();
  }

  private forgetSession(): void {
    this.token = null;
    this.user = null;
    this.stopStream();
  }

  private stopStream(): void {
    this.stream?.abort();
    this.stream = null;
  }

  private restartStream(): void {
    this.stopStream();
    if (!this.token || this.closed || this.listeners.size === 0) return;
    const controller = new AbortController();
    this.stream = controller;
    void this.runStream(this.token, controller.signal);
  }

  private async runStream(token: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const res = await this.transport.send({ method: 'GET', path: '/api/events', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
        if (res.status !== 200) {
          res.body.resume();
        } else {
          for await (const data of readEventStream(res.body)) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(data);
            } catch {
              continue;
            }
            const event = CantingEvent.safeParse(parsed);
            if (event.success) for (const listener of [...this.listeners]) listener(event.data);
          }
        }
      } catch {
        // cut: reconnect below unless stopped
      }
      if (signal.aborted) return;
      await new Promise((r) => setTimeout(r, RECONNECT_MS));
    }
  }
}
