import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command; resolves with exit code and output instead of throwing. */
async function settle(file: string, argv: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(file, argv, { timeout: 120_000, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const CLI = [process.execPath, '--import', 'tsx', MAIN];

/** Run the CLI from source. */
export function canting(...args: string[]): Promise<CliResult> {
  return settle(CLI[0], [...CLI.slice(1), ...args]);
}

/** Run the CLI from source with these environment variables added (CANTING_MODELS_DIR, say). */
export function cantingWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
  return settle(CLI[0], [...CLI.slice(1), ...args], { ...process.env, ...env });
}

/** Run the CLI from source as another (unprivileged) account, via setpriv; for root-only test environments. */
export function cantingAs(uid: number, ...args: string[]): Promise<CliResult> {
  // HOME and tsx's cache must be somewhere that account may write.
  return settle('setpriv', ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', ...CLI, ...args], { ...process.env, HOME: '/tmp', TMPDIR: '/tmp' });
}

/** The CLI's machine-readable result: the last line of its output, as JSON. */
export const lastJson = (s: string) => JSON.parse(s.trim().split('\n').at(-1)!);
