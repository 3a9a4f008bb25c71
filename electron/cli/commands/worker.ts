import fs from 'node:fs/promises';
import os from 'node:os';
import type { Command } from 'commander';
import { ApiError } from '../../common/errors.js';
import type { QueueFile } from '../../common/queue-protocol.js';
import { APP_VERSION } from '../../core/app/paths.js';
import { findBackbone } from '../../core/classify/backbones/definitions.js';
import { queueConnection, type QueueRedisOptions } from '../../core/queue/connection.js';
import { engineCache, SourceUnavailable } from '../../core/queue/execute.js';
import { Redis } from 'ioredis';
import { mapServerPath, parseMappings, type PathMapping } from '../../core/queue/path-map.js';
import { localPipelines, parsePipeline, pipelineName } from '../../core/queue/pipeline.js';
import { startQueueWorker } from '../../core/queue/worker.js';
import { readStallMs } from '../../core/queue/stall.js';
import { ServerClient, ServerUnreachable, type ServerCredentials } from '../server-client.js';

/** How long a job waits for a server that does not answer (a restart) before it fails as a whole and runs again. */
const SERVER_WAIT_MS = 60_000;

export const WORKER_PASSWORD_ENV = 'CANTING_WORKER_PASSWORD';
export const WORKER_TOKEN_ENV = 'CANTING_WORKER_TOKEN';

interface WorkerOpts {
  queue: string;
  queuePasswordFile?: string;
  queueCa?: string;
  queueStall?: number;
  server: string;
  user?: string;
  passwordFile?: string;
  token?: string;
  concurrency: number;
  map: string[];
  pipeline: string[];
  analyse: boolean;
}

const collect = (value: string, all: string[]) => [...all, value];
const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ApiError('invalid_input', `${name} must be a whole number of at least 1, not "${value}"`);
  return n;
};

async function credentials(opts: WorkerOpts): Promise<ServerCredentials> {
  const token = opts.token ?? process.env[WORKER_TOKEN_ENV];
  if (opts.user) {
    let password = process.env[WORKER_PASSWORD_ENV];
    if (opts.passwordFile) {
      const text = await fs.readFile(opts.passwordFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
        throw new ApiError('invalid_input', `--password-file: cannot read ${opts.passwordFile} (${err.code ?? 'error'})`);
      });
      password = text.split(/\r?\n/)[0];
    }
    if (!password) throw new ApiError('invalid_input', `--user ${opts.user} needs its password: --password-file F or the ${WORKER_PASSWORD_ENV} environment variable`);
    return { username: opts.user, password };
  }
  if (token) return { token };
  throw new ApiError('invalid_input', `Say who the worker is: --user NAME with --password-file F (or ${WORKER_PASSWORD_ENV}), or --token T (or ${WORKER_TOKEN_ENV})`);
}

/** --pipeline values (backbone definition ids, or whole pipeline names of this engine), else every pipeline this build can run. */
function pipelines(values: string[]): string[] {
  if (!values.length) return localPipelines();
  return values.map((v) => {
    const id = parsePipeline(v)?.backboneId ?? v;
    const name = pipelineName(id);
    if (!findBackbone(id)) throw new ApiError('invalid_input', `--pipeline: no backbone definition "${id}" in this Canting (${localPipelines().join(', ')})`);
    if (v !== id && v !== name) throw new ApiError('invalid_input', `--pipeline ${v}: this worker's engine runs ${name}`);
    return name;
  });
}

/** The stall interval `canting serve --queue-stall` published, so that server and workers agree on when a job is stalled. */
async function publishedStall(connection: QueueRedisOptions): Promise<number> {
  const client = new Redis({ ...connection, lazyConnect: true });
  try {
    return await readStallMs(client);
  } finally {
    client.disconnect();
  }
}

/**
 * Where a job's photo comes from: this machine's copy of the shared storage
 * when a --map covers its server path and the file is there, else the server
 * over the API (worker.file, by the job's reference).
 */
function fileReader(maps: PathMapping[], client: ServerClient, log: (line: string) => void) {
  let saidMissing = false;
  return async (file: QueueFile): Promise<Buffer> => {
    const local = await mapServerPath(maps, file.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      if (!saidMissing) log(`${file.path} is not in the mapped folder here; fetching such photos from the server`);
      saidMissing = true;
      return null;
    });
    if (local) return fs.readFile(local);
    // A server that does not answer is restarting or cut off, not a sign the photo is bad: wait for it, holding the job.
    const since = Date.now();
    for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
      try {
        const got = await client.call('worker.file', { ref: file.ref });
        return Buffer.from(got.base64, 'base64');
      } catch (err) {
        if (!(err instanceof ServerUnreachable)) throw err;
        if (Date.now() - since > SERVER_WAIT_MS) throw new SourceUnavailable(err.message);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Take classification and import analysis jobs of a `canting serve --queue` server (a worker account signs in)')
    .requiredOption('--queue <url>', 'the job queue: redis://host:port[/db] or rediss:// (TLS)')
    .option('--queue-password-file <file>', `the queue's password (first line); or the CANTING_QUEUE_PASSWORD environment variable`)
    .option('--queue-ca <file>', 'certificate authority (PEM) of a rediss:// queue')
    .option('--queue-stall <ms>', 'a job this worker holds goes to another worker after this long if the worker dies (default: what the server published, else 30 s)', positive('--queue-stall'))
    .requiredOption('--server <url>', 'the Canting server the worker reports to and fetches photos from')
    .option('--user <name>', 'a worker account (canting user add NAME --role worker)')
    .option('--password-file <file>', `its password (first line); or the ${WORKER_PASSWORD_ENV} environment variable`)
    .option('--token <token>', `a session token instead of a password (visible to other accounts in the process list: prefer ${WORKER_TOKEN_ENV})`)
    .option('--concurrency <n>', 'jobs at once, and engine threads', positive('--concurrency'), 1)
    .option('--map <server=local>', 'read photos under the server’s folder from this machine’s copy (repeatable)', collect, [])
    .option('--pipeline <id>', 'a backbone definition to run (repeatable; default: all of this build)', collect, [])
    .option('--no-analyse', 'take no import analysis jobs')
    .action(async (opts: WorkerOpts) => {
      const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
      const connection = queueConnection({ url: opts.queue, passwordFile: opts.queuePasswordFile, caFile: opts.queueCa });
      const maps = parseMappings(opts.map);
      const runs = pipelines(opts.pipeline);
      const client = new ServerClient(opts.server, await credentials(opts));
      const user = await client.signIn();
      if (user.role !== 'worker') log(`signed in as ${user.username}, a ${user.role}: a worker account (canting user add NAME --role worker) may make only a worker's calls`);
      const checkIn = { host: os.hostname(), pid: process.pid, pipelines: runs, concurrency: opts.concurrency, version: APP_VERSION };
      const hello = await client.call('worker.hello', checkIn);
      log(`worker ${hello.name} signed in to ${client.base.origin} as ${user.username}; queue ${connection.describe()}`);
      log(`runs ${runs.join(', ') || 'no embedding pipeline'}${opts.analyse ? ' and import analysis' : ''}; ${opts.concurrency} at once`);

      // Redis is retried for ever (it may be restarting); a wrong --queue should not look like a worker with nothing to do.
      const slow = setInterval(() => log(`still connecting to the queue at ${connection.describe()}: is Redis running there, and is the password right?`), 10_000);
      const stallMs = opts.queueStall ?? (await publishedStall(connection.options));
      log(`a job this worker holds runs again elsewhere ${stallMs / 1000} s after the worker dies`);
      const engines = engineCache({ threads: opts.concurrency });
      const worker = await startQueueWorker({
        connection: connection.options,
        name: hello.name,
        pipelines: runs,
        analyse: opts.analyse,
        concurrency: opts.concurrency,
        lockMs: stallMs,
        readFile: fileReader(maps, client, log),
        engine: engines.engine,
        log,
        onCompleted: (job, images, totals) => {
          log(`done ${totals.jobsDone}: job ${job} (${images} photos; ${totals.imagesDone} in all)`);
          void beat();
        },
      });
      clearInterval(slow);
      log('ready: taking jobs');

      let last = { at: Date.now(), images: 0 };
      let lastBeat = 0;
      let offline = false;
      let stopping: Promise<void> | null = null;
      const beat = async () => {
        const now = Date.now();
        // Reported as jobs finish, but not more than once a second.
        if (now - lastBeat < 1000 || stopping) return;
        lastBeat = now;
        const totals = worker.totals();
        const rate = ((totals.imagesDone - last.images) * 1000) / Math.max(1, now - last.at);
        if (now - last.at >= hello.heartbeatMs) last = { at: now, images: totals.imagesDone };
        try {
          const answer = await client.call('worker.heartbeat', { name: hello.name, jobsDone: totals.jobsDone, imagesDone: totals.imagesDone, imagesPerSecond: rate, running: totals.running, refusing: worker.refusals().map((r) => `${r.waiting} job(s) in ${r.queue}: ${r.reason}`) });
          // The server restarted (it keeps workers in memory): check in again.
          if (!answer.known) await client.call('worker.hello', checkIn);
          if (offline) log(`${client.base.origin} answers again`);
          offline = false;
        } catch (err) {
          if (err instanceof ApiError && err.code === 'unauthorized') return void stop(err.message, 1);
          if (!offline) log(`cannot report to ${client.base.origin} (${(err as Error).message}); jobs go on, trying again`);
          offline = true;
        }
      };
      const timer = setInterval(() => void beat(), hello.heartbeatMs);

      const stop = (why: string, code = 0) => {
        stopping ??= (async () => {
          clearInterval(timer);
          log(`${why}: finishing the jobs in hand, then stopping`);
          await worker.close();
          await engines.close();
          await client.call('worker.bye', { name: hello.name }).catch(() => undefined);
          log(`stopped after ${worker.totals().jobsDone} job(s)`);
          if (code) process.stderr.write(`canting: ${why}\n`);
          process.exit(code);
        })();
        return stopping;
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
