import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeAppContext } from '../../electron/core/app/create.js';
import { tempDir } from '../helpers/temp.js';
import { learnCatalogue } from '../core/learn/catalogue.js';

const MAIN = fileURLToPath(new URL('../../electron/cli/main.ts', import.meta.url));
const run = promisify(execFile);

async function canting(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', MAIN, ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('canting train / registry / report', () => {
  it('trains a facet, lists the inactive version, writes its report; refuses too few examples with what is missing', async () => {
    const { ctx } = await learnCatalogue();
    const db = ctx.cataloguePath;
    // One process per catalogue: let the CLI have it.
    await closeAppContext(ctx);
    const r = await canting('train', '--db', db, '--facet', 'tema', '--epochs', '8', '--no-augment', '--json');
    expect(r.stderr).toMatch(/epoch 1\/8 · loss/);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(result.version).toMatchObject({ version: 'tema-v1', active: false });

    const versions = await canting('registry', 'versions', '--db', db, '--facet', 'tema');
    expect(versions.stdout).toMatch(/^ {2}\d+\ttema-v1\ttrained\tval \d+\.\d%/);

    const out = path.join(tempDir(), 'report.html');
    const rep = await canting('report', String(result.version.id), '--db', db, '--out', out);
    expect(rep.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Evaluation report — tema-v1');

    const bad = await canting('train', '--db', db, '--facet', 'tema', '--min-per-label', '50', '--no-augment');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/every label needs at least 50 reviewed examples; "arsitektur" has 12 \(needs 38 more\)/);
  }, 240_000);
});
