import { spawn } from 'node:child_process';
import { onCleanup } from './temp.js';

/**
 * Run a TypeScript script in a child process and SIGKILL it as soon as its
 * stdout reports `done N` with N ≥ `atLeast` — a crash in the middle of a job.
 * Resolves with that N once the child is gone; rejects when the child ends on
 * its own first (then there was nothing to resume and the test would prove nothing).
 */
export async function killWhenDone(script: string, args: string[], atLeast: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const killedAt = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const done = Math.max(0, ...[...buf.matchAll(/done (\d+)/g)].map((m) => Number(m[1])));
      if (done >= atLeast) {
        child.kill('SIGKILL');
        resolve(done);
      }
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended before it was killed (code ${code}): ${stderr}`));
    });
  });
  await new Promise((r) => child.once('close', r));
  return killedAt;
}
