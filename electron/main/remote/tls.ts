import type http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import net from 'node:net';
import tls from 'node:tls';
import type { CertificateInfo } from '../../common/remote.js';

/** The system refused the server's certificate (or it is not the pinned one): the connection is closed before anything is sent. */
export class CertificateRefused extends Error {
  constructor(
    readonly reason: string,
    /** For a pinned server: the fingerprint it presented instead. */
    readonly presented?: string,
  ) {
    super(`Certificate refused: ${reason}`);
    this.name = 'CertificateRefused';
  }
}

const CERT_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|HOSTNAME_MISMATCH/;

/** Whether a connection error is the certificate check (as opposed to the server being unreachable). */
export function isCertificateError(err: unknown): boolean {
  if (err instanceof CertificateRefused) return true;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && CERT_ERROR.test(code);
}

/**
 * The trust store: the roots Node ships plus, where this runtime can read
 * them (Electron's Node 22+), the operating system's own, so a certificate
 * from an organisation's own CA installed on the machine is trusted as the
 * browser trusts it.
 */
function systemRoots(): string[] | undefined {
  const read = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  if (!read) return undefined;
  try {
    return [...read('default'), ...read('system')];
  } catch {
    return undefined;
  }
}

/** SNI only for names: an IP address is not sent as a server name (RFC 6066). */
function serverName(host: string): string | undefined {
  return net.isIP(host) ? undefined : host;
}

/**
 * An agent that connects to a server whose self-signed certificate the user
 * trusted: OpenSSL's verdict is set aside, and the socket is handed to the
 * request only when the certificate is exactly the pinned one, so a password
 * or token is never written to any other server.
 */
class PinnedAgent extends https.Agent {
  constructor(private readonly fingerprint: string) {
    super({ keepAlive: true });
  }

  override createConnection(requestOptions: http.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): undefined {
    const options = requestOptions as tls.ConnectionOptions;
    const socket = tls.connect({ ...options, servername: serverName(options.host ?? ''), rejectUnauthorized: false });
    const failed = (err: Error) => callback?.(err, socket);
    socket.once('error', failed);
    socket.once('secureConnect', () => {
      socket.off('error', failed);
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented === this.fingerprint) return callback?.(null, socket);
      socket.destroy();
      callback?.(new CertificateRefused('PINNED_CERTIFICATE_CHANGED', presented), socket);
    });
    return undefined;
  }
}

/** The agent for one server: the system's trust store, or exactly the pinned certificate. */
export function agentFor(pinnedFingerprint: string | null): https.Agent {
  if (pinnedFingerprint) return new PinnedAgent(pinnedFingerprint);
  return new https.Agent({ keepAlive: true, ca: systemRoots() });
}

/**
 * The certificate a server presents, read without sending anything, so the
 * user can decide whether to trust it (shown with its SHA-256 fingerprint).
 */
export function probeCertificate(origin: URL, timeoutMs = 10_000): Promise<CertificateInfo> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: origin.hostname.replace(/^\[|\]$/g, ''),
      port: Number(origin.port || 443),
      servername: serverName(origin.hostname),
      rejectUnauthorized: false,
      ca: systemRoots(),
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const name = (x: Record<string, unknown> | undefined) => (x ? Object.entries(x).map(([k, v]) => `${k}=${String(v)}`).join(', ') : '');
      const info: CertificateInfo = {
        fingerprint: cert.fingerprint256,
        subject: name(cert.subject as unknown as Record<string, unknown>),
        issuer: name(cert.issuer as unknown as Record<string, unknown>),
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        reason: String(socket.authorizationError ?? ''),
      };
      socket.end();
      resolve(info);
    });
  });
}
