import fs from 'node:fs';
import type { RedisOptions } from 'ioredis';
import { QueueUrl } from '../../common/queue-protocol.js';
import { ApiError } from '../../common/errors.js';

/** Environment variable read for the Redis password when no file is given (argv is visible to every account on a machine). */
export const QUEUE_PASSWORD_ENV = 'CANTING_QUEUE_PASSWORD';

export interface QueueConnectionInput {
  /** `--queue redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS). */
  url: string;
  /** `--queue-password-file`: the password's first line (preferred over the URL and the environment). */
  passwordFile?: string;
  /** `--queue-ca`: a PEM certificate authority to trust for `rediss://` (a private CA). */
  caFile?: string;
  /** Where CANTING_QUEUE_PASSWORD is read (process.env by default; tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

/** ioredis options that BullMQ's own type of them accepts too (it does not take a null retryStrategy). */
export type QueueRedisOptions = Omit<RedisOptions, 'retryStrategy'> & { retryStrategy?: (times: number) => number | void | null };

export interface QueueConnection {
  /** ioredis options for BullMQ queues and workers (`maxRetriesPerRequest: null`, as BullMQ workers need). */
  options: QueueRedisOptions;
  /** `redis://host:port/db` for logs: the password is never part of it, only whether one is set. */
  describe(): string;
}

function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ApiError('invalid_input', `--queue-password-file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const password = text.split(/\r?\n/)[0];
  if (!password) throw new ApiError('invalid_input', `--queue-password-file: ${file} is empty (the password is its first line)`);
  return password;
}

function readCa(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ApiError('invalid_input', `--queue-ca: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * The Redis connection of a queue server or worker, from `--queue`. The
 * password comes from, in order: --queue-password-file, CANTING_QUEUE_PASSWORD,
 * the URL (accepted, but visible in the process list, so not recommended).
 * `rediss://` turns TLS on, with --queue-ca as the trusted authority when given.
 */
export function queueConnection(input: QueueConnectionInput): QueueConnection {
  const parsedUrl = QueueUrl.safeParse(input.url);
  if (!parsedUrl.success) {
    throw new ApiError('invalid_input', `--queue: "${maskUrl(input.url)}" is not a redis:// or rediss:// URL (e.g. redis://queue.arsip.local:6379)`);
  }
  const url = new URL(parsedUrl.data);
  const tls = url.protocol === 'rediss:';
  if (input.caFile && !tls) throw new ApiError('invalid_input', '--queue-ca needs a rediss:// (TLS) queue URL');
  const port = url.port ? Number(url.port) : 6379;
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText && !/^\d+$/.test(dbText)) throw new ApiError('invalid_input', `--queue: the database after the port must be a number (e.g. /0), not "${dbText}"`);
  const db = dbText ? Number(dbText) : 0;
  const env = input.env ?? process.env;
  const password = input.passwordFile
    ? readPasswordFile(input.passwordFile)
    : env[QUEUE_PASSWORD_ENV] || (url.password ? decodeURIComponent(url.password) : undefined);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: QueueRedisOptions = {
    host,
    port,
    db,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(tls ? { tls: { servername: host, ...(input.caFile ? { ca: readCa(input.caFile) } : {}) } } : {}),
    // BullMQ workers block on Redis; they must wait through a restart instead of failing calls.
    maxRetriesPerRequest: null,
    // Reconnect by ourselves after Redis restarts: a short, capped back-off.
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
  const described = `${tls ? 'rediss' : 'redis'}://${username ? `${username}@` : ''}${url.hostname}:${port}/${db}${password ? ' (password set)' : ''}${tls && input.caFile ? ' (private CA)' : ''}`;
  return { options, describe: () => described };
}

/** A URL as typed, with any password replaced by ***: for error messages. */
export function maskUrl(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
