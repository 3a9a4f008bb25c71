import fs from 'node:fs';
import type { Command } from 'commander';
import { ApiError } from '../../common/errors.js';
import { closeAppContext } from '../../core/app/create.js';
import { RENDERER_DIR } from '../../core/app/paths.js';
import { startServer } from '../../server/http.js';
import { openContext } from '../context.js';
import { resumeInterrupted } from '../resume-imports.js';
import { startQueueService, type QueueServeOptions } from '../queue-serve.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the workstation in a browser on this machine (loopback only unless --host is given)')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--port <n>', 'port (default: any free port)', (v) => Number.parseInt(v, 10))
    .option('--host <address>', 'address to bind (default 127.0.0.1; another needs a team catalogue)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM; with --tls-key)')
    .option('--tls-key <file>', 'the certificate’s private key (PEM)')
    .option('--public-url <url>', 'the address people open when a reverse proxy stands in front')
    .option('--queue <url>', 'send classification, features and import analysis to `canting worker`s through this Redis (redis:// or rediss://)')
    .option('--queue-password-file <file>', "the Redis password, the file's first line (or CANTING_QUEUE_PASSWORD)")
    .option('--queue-ca <file>', 'certificate authority (PEM) to trust for a rediss:// queue')
    .option('--queue-stall <ms>', 'a job a worker holds this long without a sign of life runs again elsewhere (default 30000)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { db?: string; port?: number; host?: string; tlsCert?: string; tlsKey?: string; publicUrl?: string } & QueueServeOptions) => {
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new ApiError('invalid_input', '--tls-cert and --tls-key go together');
      const tls = opts.tlsCert && opts.tlsKey ? { cert: fs.readFileSync(opts.tlsCert), key: fs.readFileSync(opts.tlsKey) } : undefined;
      const ctx = await openContext(opts.db);
      // Before anything starts work: with --queue, jobs go to the workers from the first one on.
      const queue = opts.queue ? await startQueueService(ctx, opts, (line) => process.stdout.write(`${line}\n`)).catch(async (err: unknown) => {
        await closeAppContext(ctx);
        throw err;
      }) : null;
      const server = await startServer({ ctx, host: opts.host, port: opts.port, rendererDir: RENDERER_DIR, tls, publicUrl: opts.publicUrl }).catch(async (err: unknown) => {
        await closeAppContext(ctx);
        throw err;
      });
      const stop = async () => {
        await server.close();
        // The queue first: runs on it are cut off, not cancelled, and their batches stay in Redis for the next start to continue.
        await queue?.close();
        await closeAppContext(ctx);
        process.exit(0);
      };
      // Before the address is announced: a stop asked for as soon as it is (a supervisor, a test) still closes cleanly.
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stdout.write(`Canting is serving ${ctx.cataloguePath}\n${server.url}\n`);
      const resumed = await resumeInterrupted(ctx);
      if (resumed.length) process.stdout.write(`Continuing ${resumed.length} interrupted import(s)\n`);
      await queue?.continueRuns();
    });
}
