import { z } from 'zod';
import { call } from './define.js';
import { Empty, Id, IsoTime } from './shared.js';

/**
 * Roles of a team catalogue. `worker` is reserved for machines that fetch
 * images and submit results (a later issue); today it may call almost nothing.
 */
export const ROLES = ['admin', 'archivist', 'validator', 'expert', 'viewer', 'worker'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'username: letters, digits, . _ @ or - (no spaces)');
export const DisplayName = z.string().trim().min(1).max(100);
/** Long enough to resist guessing (NIST SP 800-63B asks for at least 8); no composition rules. */
export const MIN_PASSWORD_LENGTH = 10;
export const Password = z.string().min(MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);

export const TeamUser = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type TeamUser = z.infer<typeof TeamUser>;

/** Who is calling, as the interface needs it. */
export const SignedInUser = z.object({ id: Id, username: z.string(), displayName: z.string(), role: Role });
export type SignedInUser = z.infer<typeof SignedInUser>;

export const SessionInfo = z.object({
  id: Id,
  userId: Id,
  username: z.string(),
  createdAt: IsoTime,
  lastSeenAt: IsoTime,
  idleExpiresAt: IsoTime,
  absoluteExpiresAt: IsoTime,
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SignInEvent = z.object({
  id: Id,
  at: IsoTime,
  username: z.string(),
  userId: Id.nullable(),
  success: z.boolean(),
  reason: z.string(),
  address: z.string().nullable(),
});
export type SignInEvent = z.infer<typeof SignInEvent>;

const ByUser = z.object({ username: Username }).strict();

export const teamCalls = {
  'auth.me': call(
    Empty,
    z.object({
      /** Whether the catalogue is a team catalogue (people sign in). */
      team: z.boolean(),
      /** null: the catalogue's owner (single-seat desktop, CLI, loopback token), who may do everything. */
      user: SignedInUser.nullable(),
      /** The calls this caller may make, so the interface can hide the rest (the server still decides). */
      allowed: z.array(z.string()),
    }),
    'Who is calling and what they may call',
  ),
  'team.enable': call(
    z.object({ username: Username, displayName: DisplayName.optional(), password: Password }).strict(),
    TeamUser,
    'Make this catalogue a team catalogue, with its first admin',
  ),
  'users.list': call(Empty, z.array(TeamUser), 'Every account of the team catalogue'),
  'users.add': call(
    z.object({ username: Username, role: Role, displayName: DisplayName.optional(), password: Password }).strict(),
    TeamUser,
    'Add an account',
  ),
  'users.disable': call(ByUser, TeamUser, 'Disable an account (its sessions end at once); the last enabled admin cannot be disabled'),
  'users.enable': call(ByUser, TeamUser, 'Enable a disabled account'),
  'users.setRole': call(z.object({ username: Username, role: Role }).strict(), TeamUser, 'Change the role of an account; the last enabled admin keeps theirs'),
  'users.resetPassword': call(
    z.object({ username: Username, password: Password }).strict(),
    TeamUser,
    'Set a new password (the account is signed out everywhere)',
  ),
  'sessions.list': call(Empty, z.array(SessionInfo), 'Sessions still valid'),
  'sessions.revoke': call(z.object({ id: Id }).strict(), z.object({ revoked: z.boolean() }), 'End a session'),
  'signIns.list': call(z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(), z.array(SignInEvent), 'Recent sign-ins and refused attempts, newest first'),
};
