import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../electron/core/app/paths.js';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { signIn, SignInLimiter } from '../../electron/core/team/sign-in.js';
import { canting, lastJson, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const CLI = path.join(APP_ROOT, 'electron/cli/main.ts');

/** The CLI with `stdin` piped in (as a script pipes a password). */
function cantingWithInput(stdin: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: APP_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Whether a name and password sign in to the catalogue. */
async function canSignIn(db: string, username: string, password: string): Promise<boolean> {
  const ctx = await createAppContext(db);
  try {
    return await signIn(ctx.db, new SignInLimiter(), { username, password, address: 'test' }).then(
      () => true,
      () => false,
    );
  } finally {
    await closeAppContext(ctx);
  }
}

describe('canting team / user / session', () => {
  it('enables a team catalogue, adds and manages accounts with passwords from stdin, never printing them', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const enabled = await cantingWithInput('admin-password-1\n', 'team', 'enable', '--db', db, '--username', 'ratna', '--name', 'Ratna Dewi');
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toContain('Team catalogue enabled; first admin: ratna\tRatna Dewi\tadmin');
    const again = await cantingWithInput('admin-password-2\n', 'team', 'enable', '--db', db);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already a team catalogue');

    const added = await cantingWithInput('validator-pass-1\n', 'user', 'add', 'sari', '--role', 'validator', '--name', 'Sari W.', '--db', db, '--json');
    expect(added.code).toBe(0);
    expect(lastJson(added.stdout)).toMatchObject({ username: 'sari', displayName: 'Sari W.', role: 'validator', disabled: false });
    expect(added.stdout + added.stderr).not.toContain('validator-pass-1');
    const short = await cantingWithInput('short\n', 'user', 'add', 'budi', '--role', 'viewer', '--db', db);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('password: at least 10 characters');
    const badRole = await cantingWithInput('long-enough-1\n', 'user', 'add', 'budi', '--role', 'owner', '--db', db);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('Unknown role "owner"');

    expect((await canting('user', 'set-role', 'sari', 'expert', '--db', db)).stdout).toContain('Role set: sari\tSari W.\texpert');
    expect((await canting('user', 'disable', 'sari', '--db', db)).code).toBe(0);
    expect(await canSignIn(db, 'sari', 'validator-pass-1')).toBe(false);
    expect((await canting('user', 'enable', 'sari', '--db', db)).code).toBe(0);
    expect(await canSignIn(db, 'sari', 'validator-pass-1')).toBe(true);
    expect((await cantingWithInput('expert-pass-22\n', 'user', 'reset-password', 'Sari', '--db', db)).code).toBe(0);
    expect(await canSignIn(db, 'sari', 'validator-pass-1')).toBe(false);
    expect(await canSignIn(db, 'sari', 'expert-pass-22')).toBe(true);

    const list = await canting('user', 'list', '--db', db);
    expect(list.stdout).toBe('ratna\tRatna Dewi\tadmin\nsari\tSari W.\texpert\n');
    const lastAdmin = await canting('user', 'disable', 'ratna', '--db', db);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toContain('"ratna" is the last enabled admin');
  }, 400_000);

  it('lists and revokes sessions, and shows the sign-in log', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    expect((await cantingWithInput('admin-password-1\n', 'team', 'enable', '--db', db)).code).toBe(0);
    expect(await canSignIn(db, 'admin', 'admin-password-1')).toBe(true);
    expect(await canSignIn(db, 'admin', 'wrong-password-1')).toBe(false);
    const sessions = lastJson((await canting('session', 'list', '--db', db, '--json')).stdout) as { id: number; username: string }[];
    expect(sessions.map((s) => s.username)).toEqual(['admin']);
    expect((await canting('session', 'revoke', String(sessions[0].id), '--db', db)).stdout).toContain(`Session ${sessions[0].id} ended`);
    expect(lastJson((await canting('session', 'list', '--db', db, '--json')).stdout)).toEqual([]);
    const again = await canting('session', 'revoke', String(sessions[0].id), '--db', db);
    expect(again.code).toBe(1);
    const log = await canting('team', 'sign-ins', '--db', db);
    expect(log.stdout).toMatch(/\tadmin\trefused\twrong_password\ttest\n.*\tadmin\tok\tsigned_in\ttest\n$/);
  }, 400_000);

  it('refuses to serve a single-seat catalogue beyond this machine', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const served = await canting('serve', '--db', db, '--host', '0.0.0.0');
    expect(served.code).toBe(1);
    expect(served.stderr).toContain('needs a team catalogue');
  }, 120_000);

  it('says which of --tls-cert and --tls-key is missing', async () => {
    const served = await canting('serve', '--db', path.join(tempDir(), 'c.sqlite'), '--tls-cert', 'cert.pem');
    expect(served.code).toBe(2);
    expect(served.stderr).toContain('--tls-cert and --tls-key go together');
  }, 120_000);
});
