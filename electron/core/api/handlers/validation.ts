import { validationCalls } from '../../../common/contract/validation.js';
import type { AppContext } from '../../app/context.js';
import { agreementReport } from '../../review/agreement.js';
import { changedBy } from '../../catalogue/audit.js';
import { listPolicies, setValidationPolicy } from '../../review/policy.js';
import { assignQueue, listQueues, removeQueue } from '../../review/queues.js';
import { resolveDisputes } from '../../review/resolve.js';
import { listVotes } from '../../review/vote-list.js';
import type { HandlerTable } from '../types.js';
import { signAs, signedInActor } from '../sign-as.js';
import type { Caller } from '../caller.js';
import { findUser } from '../../team/users.js';
import type { Actor } from '../../catalogue/audit.js';
import { getSettings } from '../../catalogue/settings.js';

/** Other windows refresh their grid and counts on this event. */
function changed<T>(ctx: AppContext, reason: string, value: T): T {
  ctx.events.emit({ type: 'catalogue-changed', reason });
  return value;
}

/** Who is acting: the signed-in user, else (single seat) the catalogue's validator name. */
const actor = (ctx: AppContext, caller: Caller) => changedBy(ctx.db, signedInActor(caller));

/**
 * A person named for a queue: in a team catalogue an account's username
 * names that account (so "my queue" follows the id, not a display name);
 * any other name is kept as typed.
 */
function person(ctx: AppContext, name: string): Actor {
  const user = findUser(ctx.db, name.trim());
  return user ? { name: user.displayName.trim() || user.username, userId: user.id } : { name: name.trim(), userId: null };
}

/** Whose queues queue.list shows: the caller's own (mine; null: a single seat without a validator name has none), a named person's, or everyone's. */
function queueOwner(ctx: AppContext, input: { assignee?: string; mine?: boolean }, caller: Caller): Actor | undefined | null {
  if (input.mine) return signedInActor(caller) ?? nameOnly(getSettings(ctx.db).validator);
  return input.assignee === undefined ? undefined : person(ctx, input.assignee);
}

const nameOnly = (name: string | null): Actor | null => (name ? { name, userId: null } : null);

export const validationHandlers: HandlerTable<keyof typeof validationCalls> = {
  'validation.policies': (_input, ctx) => listPolicies(ctx.db),
  'validation.setPolicy': (input, ctx, caller) => changed(ctx, 'facets', setValidationPolicy(ctx.db, input, signAs(caller))),
  'validation.resolve': (input, ctx, caller) => changed(ctx, 'review', resolveDisputes(ctx.db, input, signAs(caller))),
  'validation.votes': (input, ctx, caller) => listVotes(ctx.db, input.id, input.facet, actor(ctx, caller)),
  'validation.agreement': (input, ctx) => agreementReport(ctx.db, input.facet),
  'queue.assign': (input, ctx, caller) => changed(ctx, 'queues', assignQueue(ctx.db, { ...input, assignee: person(ctx, input.assignee) }, actor(ctx, caller))),
  'queue.list': (input, ctx, caller) => {
    const owner = queueOwner(ctx, input, caller);
    return owner === null ? [] : listQueues(ctx.db, owner);
  },
  'queue.remove': (input, ctx, caller) => changed(ctx, 'queues', removeQueue(ctx.db, input.id, actor(ctx, caller))),
};
