import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../electron/common/loopback.js';

describe('isLoopback: where plain http is allowed and what a single-seat server may bind', () => {
  it('is this machine only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['10.0.0.1', '0.0.0.0', '::', '192.168.1.20', '127.0.0.1.nip.io', 'localhost.example', '::ffff:10.0.0.1', '127.0.0.256', 'arsip'])
      expect(isLoopback(host), host).toBe(false);
  });
});
