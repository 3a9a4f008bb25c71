import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../electron/core/app/paths.js';
import { killWhenDone } from '../helpers/kill.js';
import { onCleanup, tempDir } from '../helpers/temp.js';
import { writePhoto } from '../core/importer/fixtures/photos.js';

const IMPORT_CHILD = fileURLToPath(new URL('../core/importer/fixtures/import-child.ts', import.meta.url));
const CLI = path.join(APP_ROOT, 'electron/cli/main.ts');
const N = 16;

function run(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: APP_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => void child.kill('SIGKILL'));
  return child;
}

/**
 * The child's output so far, and a wait for a pattern in all of it: lines that
 * arrive in one chunk (likely on a busy machine) or before the wait starts
 * still count.
 */
function output(child: ChildProcess): { waitFor(pattern: RegExp): Promise<RegExpMatchArray> } {
  let out = '';
  let err = '';
  let exited: number | null | undefined;
  const waiters: (() => void)[] = [];
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    poke();
  });
  child.stderr!.on('data', (d) => (err += d));
  child.on('exit', (code) => {
    exited = code;
    poke();
  });
  return {
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) resolve(m);
          else if (exited !== undefined) reject(new Error(`process ended (code ${exited}) before printing ${pattern}: ${out} ${err}`));
        };
        waiters.push(check);
        check();
      }),
  };
}

describe('canting serve', () => {
  it('continues an import that a killed process left unfinished, with no missing and no doubled images', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'catalogue.sqlite');
    const photos = path.join(dir, 'photos');
    for (let i = 0; i < N; i++) await writePhoto(path.join(photos, `p${i}.jpg`), 900 + i, 32);

    // An import cut off mid-way, as by a power cut.
    // (killWhenDone fails clearly if the import finished before the kill: then there is nothing to continue.)
    expect(await killWhenDone(IMPORT_CHILD, [db, photos], 2)).toBeLessThan(N);

    const server = run([CLI, 'serve', '--db', db]);
    const printed = output(server);
    const [, url] = await printed.waitFor(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/);
    await printed.waitFor(/Continuing 1 interrupted import/);
    const { origin, searchParams } = new URL(url);
    const call = async (name: string) => {
      const res = await fetch(`${origin}/api/${name}`, { method: 'POST', headers: { authorization: `Bearer ${searchParams.get('token')}` }, body: '{}' });
      return ((await res.json()) as { value: unknown }).value;
    };
    let jobs: { state: string; pending: number }[] = [];
    for (let i = 0; i < 300; i++) {
      jobs = (await call('import.jobs')) as typeof jobs;
      if (jobs[0]?.state === 'done') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'done', pending: 0 });
    expect(await call('catalogue.info')).toMatchObject({ counts: { images: N } });
    server.kill('SIGTERM');
  });
});
