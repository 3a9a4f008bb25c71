import fs from 'node:fs';
import type { Command } from 'commander';
import { ApiError } from '../../common/errors.js';
import { closeAppContext } from '../../core/app/create.js';
import { RENDERER_DIR } from '../../core/app/paths.js';
import { startServer } from '../../server/http.js';
import { openContext } from '../context.js';
import { resumeInterrupted } from '../resume-imports.js';

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
    .action(async (opts: { db?: string; port?: number; host?: string; tlsCert?: string; tlsKey?: string; publicUrl?: string }) => {
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new ApiError('invalid_input', '--tls-cert and --tls-key go together');
      const tls = opts.tlsCert && opts.tlsKey ? { cert: fs.readFileSync(opts.tlsCert), key: fs.readFileSync(opts.tlsKey) } : undefined;
      const ctx = await openContext(opts.db);
      const server = await startServer({ ctx, host: opts.host, port: opts.port, rendererDir: RENDERER_DIR, tls, publicUrl: opts.publicUrl }).catch(async (err: unknown) => {
        await closeAppContext(ctx);
        throw err;
      });
      process.stdout.write(`Canting is serving ${ctx.cataloguePath}\n${server.url}\n`);
      const resumed = await resumeInterrupted(ctx);
      if (resumed.length) process.stdout.write(`Continuing ${resumed.length} interrupted import(s)\n`);
      const stop = async () => {
        await server.close();
        await closeAppContext(ctx);
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
