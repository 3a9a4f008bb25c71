import { describe, expect, it } from 'vitest';
import { pinKey, serverOrigin } from '../../../electron/main/remote/server-url.js';

const refusedWith = (typed: string) => {
  try {
    serverOrigin(typed);
    return null;
  } catch (err) {
    return (err as { messageKey?: string }).messageKey;
  }
};

describe('the server address the user typed', () => {
  it('is an origin: https unless told, path and query dropped', () => {
    expect(serverOrigin(' canting.arsip.example ').href).toBe('https://canting.arsip.example/');
    expect(serverOrigin('https://canting.arsip.example:8443/katalog?x=1').href).toBe('https://canting.arsip.example:8443/');
    expect(serverOrigin('http://127.0.0.1:41234').href).toBe('http://127.0.0.1:41234/');
    expect(serverOrigin('http://[::1]:8080').href).toBe('http://[::1]:8080/');
  });

  it('refuses plain http beyond this machine, credentials in the address and what is no address', () => {
    expect(refusedWith('http://canting.arsip.example')).toBe('remoteInsecureUrl');
    expect(refusedWith('http://127.0.0.1.nip.io')).toBe('remoteInsecureUrl');
    expect(refusedWith('https://budi:rahasia@canting.arsip.example')).toBe('remoteCredentialsInUrl');
    expect(refusedWith('ftp://canting.arsip.example')).toBe('remoteInvalidUrl');
    expect(refusedWith('https://')).toBe('remoteInvalidUrl');
  });

  it('pins per host and port, the default port made explicit', () => {
    expect(pinKey(serverOrigin('https://canting.arsip.example'))).toBe('canting.arsip.example:443');
    expect(pinKey(serverOrigin('https://canting.arsip.example:8443'))).toBe('canting.arsip.example:8443');
  });
});
