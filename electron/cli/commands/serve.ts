import type { Command } from 'commander';
import { createAppContext, closeAppContext } from '../../core/app/create.js';
import { RENDERER_DIR } from '../../core/app/paths.js';
import { startServer } from '../../server/http.js';
import { resolveDbPath } from '../context.js';
import { resumeInterrupted } from '../resume-imports.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the workstation in a browser on this machine (loopback only unless --host is given)')
    .option('--db <file>', 'catalogue file (default: the app-data catalogue)')
    .option('--port <n>', 'port (default: any free port)', (v) => Number.parseInt(v, 10))
    .option('--host <address>', 'address to bind (default 127.0.0.1)')
    .action(async (opts: { db?: string; port?: number; host?: string }) => {
      const ctx = await createAppContext(resolveDbPath(opts.db));
      const server = await startServer({ ctx, host: opts.host, port: opts.port, rendererDir: RENDERER_DIR });
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
