import { teamCalls } from '../../../common/contract/team.js';
import { allowedCalls } from '../../../common/contract/permissions.js';
import { CALL_NAMES } from '../../../common/contract/index.js';
import { addUser, disableUser, enableTeam, enableUser, isTeamCatalogue, listUsers, resetPassword, setRole } from '../../team/users.js';
import { listSessions, revokeSession } from '../../team/sessions.js';
import { listSignIns } from '../../team/sign-in.js';
import type { HandlerTable } from '../types.js';

export const teamHandlers: HandlerTable<keyof typeof teamCalls> = {
  'auth.me': (_input, ctx, caller) => ({
    team: isTeamCatalogue(ctx.db),
    user: caller.kind === 'user' ? caller.user : null,
    allowed: caller.kind === 'user' ? allowedCalls(caller.user.role) : [...CALL_NAMES],
  }),
  'team.enable': (input, ctx) => enableTeam(ctx.db, input),
  'users.list': (_input, ctx) => listUsers(ctx.db),
  'users.add': (input, ctx) => addUser(ctx.db, input),
  'users.disable': (input, ctx) => disableUser(ctx.db, input.username),
  'users.enable': (input, ctx) => enableUser(ctx.db, input.username),
  'users.setRole': (input, ctx) => setRole(ctx.db, input.username, input.role),
  'users.resetPassword': (input, ctx) => resetPassword(ctx.db, input.username, input.password),
  'sessions.list': (_input, ctx) => listSessions(ctx.db),
  'sessions.revoke': (input, ctx) => ({ revoked: revokeSession(ctx.db, input.id) }),
  'signIns.list': (input, ctx) => listSignIns(ctx.db, input.limit),
};
