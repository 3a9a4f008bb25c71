import { z } from 'zod';
import { call } from './define.js';
import { Empty } from './shared.js';
import { Role } from './team.js';

/** Someone work can be handed to: an enabled account that decides labels. */
export const Assignee = z.object({ username: z.string(), displayName: z.string(), role: Role });
export type Assignee = z.infer<typeof Assignee>;

export const rolesCalls = {
  'users.validators': call(
    Empty,
    z.array(Assignee),
    'Enabled validators and experts of a team catalogue (names only), for handing out work queues; empty in a single-seat catalogue',
  ),
};
