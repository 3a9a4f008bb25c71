import { Redis, type RedisOptions } from 'ioredis';

/**
 * How long a worker may hold a job without renewing its lock before the job
 * counts as stalled and runs again elsewhere (BullMQ's lockDuration and
 * stalled-check interval, 30 s by default). BullMQ's workers enforce it, so
 * the server publishes `--queue-stall` here and `canting worker` reads it
 * when it starts (its own option, if given, wins).
 */
export const STALL_KEY = 'canting:queue:stall-ms';
export const DEFAULT_STALL_MS = 30_000;

export async function publishStallMs(connection: RedisOptions, ms: number): Promise<void> {
  const client = new Redis(connection);
  try {
    await client.set(STALL_KEY, String(ms));
  } finally {
    client.disconnect();
  }
}

/** The server's stall interval, or the default where none was published. */
export async function readStallMs(client: { get(key: string): Promise<string | null> }): Promise<number> {
  const v = Number(await client.get(STALL_KEY));
  return Number.isInteger(v) && v >= 500 ? v : DEFAULT_STALL_MS;
}
