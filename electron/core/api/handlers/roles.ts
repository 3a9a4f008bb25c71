import type { rolesCalls } from '../../../common/contract/roles.js';
import { listAssignees } from '../../team/assignees.js';
import type { HandlerTable } from '../types.js';

export const rolesHandlers: HandlerTable<keyof typeof rolesCalls> = {
  'users.validators': (_input, ctx) => listAssignees(ctx.db),
};
