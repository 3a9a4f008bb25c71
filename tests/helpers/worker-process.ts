import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../../electron/core/app/paths.js';
import { onCleanup, tempDir } from './temp.js';

const CLI = path.join(APP_ROOT, 'electron/cli/main.ts');

export interface CliProcess {
  child: ChildProcess;
  /** Everything written so far, stdout then stderr. */
  stdout(): string;
  stderr(): string;
  /** Resolves at the first match in all of stdout (lines that came before the wait count); rejects if the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null>;
  /** Send a signal and wait for the end. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `canting …` from source as a long-running child process (serve, worker), killed after the test if still running. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: APP_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  onCleanup(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    poke();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    poke();
  });
  const ended = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let done = false;
  void ended.then(() => {
    done = true;
    poke();
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no ${pattern} within ${timeoutMs} ms: ${out} ${err}`)), timeoutMs);
        const finish = (e: Error | null, m?: RegExpMatchArray) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (e) reject(e);
          else resolve(m!);
        };
        const check = () => {
          const m = out.match(pattern);
          if (m) finish(null, m);
          else if (done) finish(new Error(`process ended (code ${child.exitCode}) before printing ${pattern}: ${out} ${err}`));
        };
        waiters.add(check);
        check();
      }),
    exited: () => ended,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return ended;
    },
  };
}

export interface WorkerProcessOptions {
  queue: string;
  server: string;
  username: string;
  password: string;
  /** Backbone definition ids (default: every pipeline of this build). */
  pipelines?: string[];
  concurrency?: number;
  maps?: string[];
  /** --queue-stall, ms: how soon a killed worker's jobs go to another. */
  stallMs?: number;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * A `canting worker` process signed in with a worker account, its password in
 * a file (as recommended: never in argv). Wait for `ready: taking jobs` with
 * `waitFor(/ready: taking jobs/)`; `done N` lines follow each job done.
 */
export function startWorkerProcess(opts: WorkerProcessOptions): CliProcess {
  const passwordFile = path.join(tempDir('canting-worker-'), 'password');
  fs.writeFileSync(passwordFile, `${opts.password}\n`, { mode: 0o600 });
  const args = ['worker', '--queue', opts.queue, '--server', opts.server, '--user', opts.username, '--password-file', passwordFile];
  for (const p of opts.pipelines ?? []) args.push('--pipeline', p);
  for (const m of opts.maps ?? []) args.push('--map', m);
  if (opts.concurrency) args.push('--concurrency', String(opts.concurrency));
  if (opts.stallMs) args.push('--queue-stall', String(opts.stallMs));
  return startCli([...args, ...(opts.extraArgs ?? [])], opts.env);
}
