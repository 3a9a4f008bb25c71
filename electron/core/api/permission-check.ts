import type { CallName } from '../../common/contract/index.js';
import { mayCall } from '../../common/contract/permissions.js';
import { ApiError } from '../../common/errors.js';
import type { Caller } from './caller.js';

/** Why a caller may not make a call, or null when they may. The catalogue's owner (local) may make every call. */
export function forbidden(caller: Caller, name: CallName): ApiError | null {
  if (caller.kind === 'local' || mayCall(caller.user.role, name)) return null;
  const { role } = caller.user;
  return new ApiError('forbidden', `Your role (${role}) may not do this (${name})`).translated('roleForbidden', { role, call: name });
}
