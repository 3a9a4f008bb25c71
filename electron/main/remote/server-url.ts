import { ApiError } from '../../common/errors.js';
import { isLoopback } from '../../common/loopback.js';

/**
 * The address of a team catalogue as the user typed it, checked: https://
 * anywhere, plain http:// only to this machine (a password and a session
 * token would cross the network readable by anyone on it). "canting.arsip.id"
 * without a scheme means https. Returns the origin (no path, query or
 * credentials: the API lives at /api/ of the origin).
 */
export function serverOrigin(typed: string): URL {
  const text = typed.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ApiError('invalid_input', `"${text}" is not a server address (e.g. https://canting.arsip.example)`).translated('remoteInvalidUrl', { url: text });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ApiError('invalid_input', `"${text}" is not a server address (e.g. https://canting.arsip.example)`).translated('remoteInvalidUrl', { url: text });
  }
  if (url.username || url.password) {
    throw new ApiError('invalid_input', 'Put the username in its own field, not in the address').translated('remoteCredentialsInUrl');
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new ApiError('invalid_input', `Plain http:// is allowed only to this machine; ${url.host} needs https:// (the password would cross the network unencrypted)`).translated(
      'remoteInsecureUrl',
      { host: url.host },
    );
  }
  return new URL(url.origin);
}

/** host:port with the scheme's default port made explicit: the key a certificate is pinned under. */
export function pinKey(origin: URL): string {
  const port = origin.port || (origin.protocol === 'https:' ? '443' : '80');
  return `${origin.hostname}:${port}`;
}
