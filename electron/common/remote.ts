import type { SignedInUser } from './contract/index.js';
import type { ApiErrorShape, ApiResult } from './errors.js';

/**
 * The desktop app's link to a team catalogue on a server. Main holds the
 * connection and its session token; the page only starts, re-signs and ends
 * it through these channels (never sees the token), and its contract calls
 * go through the usual bridge to whichever catalogue the window works on.
 */
export const IPC_REMOTE = {
  connect: 'canting:remote:connect',
  signIn: 'canting:remote:signIn',
  signOut: 'canting:remote:signOut',
  status: 'canting:remote:status',
  recent: 'canting:remote:recent',
  /** main → page: the menu asked for the connection screen. */
  showConnect: 'canting:remote:showConnect',
} as const;

export interface RemoteConnectRequest {
  url: string;
  username: string;
  password: string;
  /** The SHA-256 fingerprint of a certificate the user was shown and accepted: it is pinned before connecting. */
  acceptFingerprint?: string;
}

/** A certificate the system does not trust, as the user is shown it before trusting it on first use. */
export interface CertificateInfo {
  /** SHA-256 of the DER certificate, "AB:CD:…" */
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Why the system refused it (OpenSSL's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
  reason: string;
}

export type RemoteConnectResult =
  | { ok: true; user: SignedInUser; url: string }
  | { ok: false; error: ApiErrorShape }
  | { ok: false; untrusted: CertificateInfo };

export type WorkspaceStatus =
  | { kind: 'local'; path: string }
  | { kind: 'remote'; url: string; username: string; signedIn: boolean };

/** What the app remembers of a server: never a password or a token. */
export interface RecentServer {
  url: string;
  username: string;
}

export interface RemoteBridge {
  connect(request: RemoteConnectRequest): Promise<RemoteConnectResult>;
  /** Sign in again to the server the window is on (after a session ended or a sign-out). */
  signIn(username: string, password: string): Promise<ApiResult<SignedInUser>>;
  signOut(): Promise<void>;
  /** null only before the first catalogue opened. */
  status(): Promise<WorkspaceStatus | null>;
  recent(): Promise<RecentServer[]>;
  onShowConnect(listener: () => void): () => void;
}
