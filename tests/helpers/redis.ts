import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { onCleanup, tempDir } from './temp.js';
import { freePort } from '../../electron/cli/bench/distributed.js';

/** Debian's redis-server (installed by .ci/run); tests that need it skip with this reason where it is absent. */
export const REDIS_SERVER = '/usr/bin/redis-server';
export const hasRedis = spawnSync(REDIS_SERVER, ['--version']).status === 0;
export const NO_REDIS_REASON = 'redis-server is not installed (apt-get install redis-server; .ci/run does)';

export interface TestRedis {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** Stop (SHUTDOWN, which saves the append-only file) and start again on the same port and folder. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > until) reject(new Error(`redis-server did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * A private redis-server on a free loopback port with its data in a temporary
 * folder and persistence on (append-only file), stopped after the test.
 */
export async function startRedis(opts: { password?: string } = {}): Promise<TestRedis> {
  const dir = tempDir('canting-redis-');
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--protected-mode', 'yes'];
  if (opts.password) args.push('--requirepass', opts.password);
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
    await waitForPort(port);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM'); // redis-server saves and exits on SIGTERM
    await exited;
  };
  await start();
  onCleanup(stop);
  const auth = opts.password ? `:${encodeURIComponent(opts.password)}@` : '';
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
