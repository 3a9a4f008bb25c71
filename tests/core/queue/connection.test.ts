import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { maskUrl, queueConnection } from '../../../electron/core/queue/connection.js';
import { hasRedis, startRedis } from '../../helpers/redis.js';
import { tempDir } from '../../helpers/temp.js';

describe('queue connection (--queue, --queue-password-file, --queue-ca)', () => {
  it('reads host, port, database and TLS from the URL', () => {
    const plain = queueConnection({ url: 'redis://queue.arsip.local:6380/2', env: {} });
    expect(plain.options).toMatchObject({ host: 'queue.arsip.local', port: 6380, db: 2, maxRetriesPerRequest: null });
    expect(plain.options.tls).toBeUndefined();
    expect(plain.describe()).toBe('redis://queue.arsip.local:6380/2');
    const tls = queueConnection({ url: 'rediss://queue.arsip.local', env: {} });
    expect(tls.options).toMatchObject({ port: 6379, db: 0, tls: { servername: 'queue.arsip.local' } });
    expect(tls.describe()).toBe('rediss://queue.arsip.local:6379/0');
  });

  it('takes the password from a file first, then the environment, then the URL, and never shows it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'pw');
    fs.writeFileSync(file, 'from-the-file\n');
    const fromFile = queueConnection({ url: 'redis://:in-the-url@h:1', passwordFile: file, env: { CANTING_QUEUE_PASSWORD: 'from-env' } });
    expect(fromFile.options.password).toBe('from-the-file');
    expect(queueConnection({ url: 'redis://:in-the-url@h:1', env: { CANTING_QUEUE_PASSWORD: 'from-env' } }).options.password).toBe('from-env');
    const fromUrl = queueConnection({ url: 'redis://default:in%40url@h:1', env: {} });
    expect(fromUrl.options).toMatchObject({ username: 'default', password: 'in@url' });
    for (const c of [fromFile, fromUrl]) {
      expect(c.describe()).toContain('(password set)');
      expect(c.describe()).not.toMatch(/from-the-file|in@url|in%40url/);
    }
    expect(maskUrl('redis://:secret-pw@h:1/0')).toBe('redis://:***@h:1/0');
  });

  it('refuses what it cannot use, saying why and without echoing a password', () => {
    expect(() => queueConnection({ url: 'http://:secret-pw@h:1', env: {} })).toThrow(/not a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => queueConnection({ url: 'http://:secret-pw@h:1', env: {} })).not.toThrow(/secret-pw/);
    expect(() => queueConnection({ url: 'redis://h:1/abc', env: {} })).toThrow(/must be a number/);
    expect(() => queueConnection({ url: 'redis://h:1', caFile: '/x.pem', env: {} })).toThrow('--queue-ca needs a rediss://');
    expect(() => queueConnection({ url: 'redis://h:1', passwordFile: path.join(tempDir(), 'missing'), env: {} })).toThrow(/cannot read .*ENOENT/);
    const empty = path.join(tempDir(), 'empty');
    fs.writeFileSync(empty, '\n');
    expect(() => queueConnection({ url: 'redis://h:1', passwordFile: empty, env: {} })).toThrow(/is empty/);
  });

  it('loads the certificate authority for TLS', () => {
    const ca = path.join(tempDir(), 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const c = queueConnection({ url: 'rediss://q:6390', caFile: ca, env: {} });
    expect(String((c.options.tls as { ca: Buffer }).ca)).toContain('BEGIN CERTIFICATE');
    expect(c.describe()).toBe('rediss://q:6390/0 (private CA)');
  });

  it.skipIf(!hasRedis)('connects to a Redis that requires the password', async () => {
    const redis = await startRedis({ password: 'queue-pass-123' });
    const good = new Redis({ ...queueConnection({ url: `redis://127.0.0.1:${redis.port}`, env: { CANTING_QUEUE_PASSWORD: 'queue-pass-123' } }).options, lazyConnect: true });
    await good.connect();
    expect(await good.ping()).toBe('PONG');
    good.disconnect();
    const bad = new Redis({ ...queueConnection({ url: `redis://127.0.0.1:${redis.port}`, env: {} }).options, lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null });
    await expect(bad.connect().then(() => bad.ping())).rejects.toThrow(/NOAUTH|Authentication/);
    bad.disconnect();
  });
});
