import type { Database } from 'better-sqlite3';
import { ApiError } from '../../common/errors.js';
import type { Role, TeamUser } from '../../common/contract/team.js';
import { hashPassword } from './passwords.js';
import { iso } from './time.js';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, username, display_name, role, disabled, created_at, updated_at';

function toUser(row: UserRow): TeamUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function isTeamCatalogue(db: Database): boolean {
  return db.prepare('SELECT 1 FROM team WHERE id = 1').get() !== undefined;
}

export function listUsers(db: Database): TeamUser[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY username COLLATE NOCASE`).all() as UserRow[]).map(toUser);
}

export function findUser(db: Database, username: string): (TeamUser & { passwordHash: string }) | null {
  const row = db.prepare(`SELECT ${COLUMNS}, password_hash FROM users WHERE username = ?`).get(username) as (UserRow & { password_hash: string }) | undefined;
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

function requireUser(db: Database, username: string): TeamUser {
  const user = findUser(db, username);
  if (!user) throw new ApiError('not_found', `No account named "${username}"`).translated('userNotFound', { username });
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

function requireTeam(db: Database): void {
  if (!isTeamCatalogue(db)) {
    throw new ApiError('conflict', 'This catalogue is single-seat; make it a team catalogue first (canting team enable)').translated('teamNotEnabled');
  }
}

export interface NewUser {
  username: string;
  role: Role;
  displayName?: string;
  password: string;
}

function refuseTaken(db: Database, username: string): void {
  if (findUser(db, username)) throw new ApiError('conflict', `An account named "${username}" already exists`).translated('userExists', { username });
}

function insertUser(db: Database, input: NewUser, passwordHash: string, now: string): TeamUser {
  refuseTaken(db, input.username);
  const id = db
    .prepare('INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(input.username, input.displayName ?? input.username, input.role, passwordHash, now, now).lastInsertRowid;
  return toUser(db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow);
}

/** Marks the catalogue as a team catalogue and creates its first admin, in one transaction. */
export async function enableTeam(db: Database, admin: Omit<NewUser, 'role'>, now = Date.now()): Promise<TeamUser> {
  if (isTeamCatalogue(db)) throw new ApiError('conflict', 'This catalogue is already a team catalogue').translated('teamAlreadyEnabled');
  const hash = await hashPassword(admin.password);
  return db.transaction(() => {
    if (isTeamCatalogue(db)) throw new ApiError('conflict', 'This catalogue is already a team catalogue').translated('teamAlreadyEnabled');
    db.prepare('INSERT INTO team (id, enabled_at) VALUES (1, ?)').run(iso(now));
    return insertUser(db, { ...admin, role: 'admin' }, hash, iso(now));
  })();
}

export async function addUser(db: Database, input: NewUser, now = Date.now()): Promise<TeamUser> {
  requireTeam(db);
  refuseTaken(db, input.username); // before the slow hash; insertUser checks again inside the transaction
  const hash = await hashPassword(input.password);
  return db.transaction(() => insertUser(db, input, hash, iso(now)))();
}

/** Refuses a change that would leave the catalogue without an enabled admin (nobody could manage accounts any more). */
function keepAnAdmin(db: Database, user: TeamUser, stillAdmin: boolean): void {
  if (user.role !== 'admin' || user.disabled || stillAdmin) return;
  const others = db.prepare("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?").pluck().get(user.id) as number;
  if (others === 0) {
    throw new ApiError('conflict', `"${user.username}" is the last enabled admin; make another account admin first`).translated('lastAdmin', {
      username: user.username,
    });
  }
}

function update(db: Database, username: string, change: (user: TeamUser) => { sql: string; args: unknown[] }, now: number): TeamUser {
  return db.transaction(() => {
    requireTeam(db);
    const user = requireUser(db, username);
    const { sql, args } = change(user);
    db.prepare(`UPDATE users SET ${sql}, updated_at = ? WHERE id = ?`).run(...args, iso(now), user.id);
    return requireUser(db, username);
  })();
}

/** Signed-in sessions of a user end at once (disable, new password). */
function endSessions(db: Database, userId: number, now: number): void {
  db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(iso(now), userId);
}

export function disableUser(db: Database, username: string, now = Date.now()): TeamUser {
  return update(
    db,
    username,
    (user) => {
      keepAnAdmin(db, user, false);
      endSessions(db, user.id, now);
      return { sql: 'disabled = 1', args: [] };
    },
    now,
  );
}

export function enableUser(db: Database, username: string, now = Date.now()): TeamUser {
  return update(db, username, () => ({ sql: 'disabled = 0', args: [] }), now);
}

export function setRole(db: Database, username: string, role: Role, now = Date.now()): TeamUser {
  return update(
    db,
    username,
    (user) => {
      keepAnAdmin(db, user, role === 'admin');
      return { sql: 'role = ?', args: [role] };
    },
    now,
  );
}

export async function resetPassword(db: Database, username: string, password: string, now = Date.now()): Promise<TeamUser> {
  requireTeam(db);
  requireUser(db, username);
  const hash = await hashPassword(password);
  return update(
    db,
    username,
    (user) => {
      endSessions(db, user.id, now);
      return { sql: 'password_hash = ?', args: [hash] };
    },
    now,
  );
}
