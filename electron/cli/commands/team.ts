import type { Command } from 'commander';
import { ROLES, type Role, type TeamUser } from '../../common/contract/index.js';
import { ApiError } from '../../common/errors.js';
import { call } from '../call.js';
import { withContext } from '../context.js';
import { readNewPassword } from '../password-input.js';

const line = (u: TeamUser) => `${u.username}\t${u.displayName}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`;

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new ApiError('invalid_input', `Unknown role "${value}"; one of ${ROLES.join(', ')}`);
  }
  return value as Role;
}

function printUser(u: TeamUser, json: boolean | undefined, done: string): void {
  process.stdout.write(json ? `${JSON.stringify(u)}\n` : `${done}: ${line(u)}`);
}

/**
 * `canting team`, `canting user`, `canting session`: accounts of a team
 * catalogue. Whoever has the catalogue file is its owner and may do all of
 * this (a 'local' caller); passwords come from stdin or a prompt, never
 * from arguments (they would stay in the shell history and the process list).
 */
export function registerTeam(program: Command): void {
  const team = program.command('team').description('Team catalogues: people sign in, roles decide what each may do');
  team
    .command('enable')
    .description('Make the catalogue a team catalogue and create its first admin (password from stdin or a prompt)')
    .option('--db <file>', 'catalogue file')
    .option('--username <name>', 'the first admin’s username', 'admin')
    .option('--name <display name>', 'the first admin’s display name')
    .option('--json', 'print the admin as JSON')
    .action(async (opts: { db?: string; username: string; name?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const password = await readNewPassword(opts.username);
        const admin = await call(ctx, 'team.enable', { username: opts.username, displayName: opts.name, password });
        printUser(admin, opts.json, 'Team catalogue enabled; first admin');
      });
    });
  team
    .command('sign-ins')
    .description('Recent sign-ins and refused attempts, newest first')
    .option('--db <file>', 'catalogue file')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print as JSON')
    .action(async (opts: { db?: string; limit: number; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const events = await call(ctx, 'signIns.list', { limit: opts.limit });
        process.stdout.write(
          opts.json ? `${JSON.stringify(events)}\n` : events.map((e) => `${e.at}\t${e.username}\t${e.success ? 'ok' : 'refused'}\t${e.reason}\t${e.address ?? ''}\n`).join(''),
        );
      });
    });

  const user = program.command('user').description('Accounts of a team catalogue');
  user
    .command('add <username>')
    .description('Add an account (password from stdin or a prompt)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, role)
    .option('--name <display name>', 'name shown in the app (default: the username)')
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print the account as JSON')
    .action(async (username: string, opts: { role: Role; name?: string; db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const password = await readNewPassword(username);
        printUser(await call(ctx, 'users.add', { username, role: opts.role, displayName: opts.name, password }), opts.json, 'Added');
      });
    });
  user
    .command('list')
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const users = await call(ctx, 'users.list', {});
        process.stdout.write(opts.json ? `${JSON.stringify(users)}\n` : users.map(line).join(''));
      });
    });
  for (const [name, callName, done, description] of [
    ['disable', 'users.disable', 'Disabled', 'Disable an account; its sessions end at once'],
    ['enable', 'users.enable', 'Enabled', 'Enable a disabled account'],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(description)
      .option('--db <file>', 'catalogue file')
      .option('--json', 'print the account as JSON')
      .action(async (username: string, opts: { db?: string; json?: boolean }) => {
        await withContext(opts.db, async (ctx) => printUser(await call(ctx, callName, { username }), opts.json, done));
      });
  }
  user
    .command('set-role <username> <role>')
    .description(`Change an account’s role (${ROLES.join(', ')})`)
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print the account as JSON')
    .action(async (username: string, newRole: string, opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => printUser(await call(ctx, 'users.setRole', { username, role: role(newRole) }), opts.json, 'Role set'));
    });
  user
    .command('reset-password <username>')
    .description('Set a new password (stdin or a prompt); the account is signed out everywhere')
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print the account as JSON')
    .action(async (username: string, opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const password = await readNewPassword(username);
        printUser(await call(ctx, 'users.resetPassword', { username, password }), opts.json, 'Password reset');
      });
    });

  const session = program.command('session').description('Signed-in sessions of a team catalogue');
  session
    .command('list')
    .option('--db <file>', 'catalogue file')
    .option('--json', 'print as JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withContext(opts.db, async (ctx) => {
        const sessions = await call(ctx, 'sessions.list', {});
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(sessions)}\n`
            : sessions.map((s) => `${s.id}\t${s.username}\tsince ${s.createdAt}\tlast seen ${s.lastSeenAt}\t${s.address ?? ''}\n`).join(''),
        );
      });
    });
  session
    .command('revoke <id>')
    .description('End a session')
    .option('--db <file>', 'catalogue file')
    .action(async (id: string, opts: { db?: string }) => {
      await withContext(opts.db, async (ctx) => {
        const { revoked } = await call(ctx, 'sessions.revoke', { id: Number(id) });
        if (!revoked) throw new ApiError('not_found', `No live session ${id}`);
        process.stdout.write(`Session ${id} ended\n`);
      });
    });
}
