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

/** Run the CLI from source; resolves with exit code and output instead of throwing. */
export async function canting(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Run the CLI from source as another (unprivileged) account, via setpriv; for root-only test environments. */
export async function cantingAs(uid: number, ...args: string[]): Promise<CliResult> {
  const argv = ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', process.execPath, '--import', 'tsx', MAIN, ...args];
  try {
    // HOME and tsx's cache must be somewhere that account may write.
    const { stdout, stderr } = await run('setpriv', argv, { timeout: 120_000, env: { ...process.env, HOME: '/tmp', TMPDIR: '/tmp' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The CLI's machine-readable result: the last line of its output, as JSON. */
export const lastJson = (s: string) => JSON.parse(s.trim().split('\n').at(-1)!);
