import { validationCalls } from '../../../common/contract/validation.js';
import type { AppContext } from '../../app/context.js';
import { agreementReport } from '../../review/agreement.js';
import { auditActor } from '../../catalogue/audit.js';
import { listPolicies, setValidationPolicy } from '../../review/policy.js';
import { assignQueue, listQueues, removeQueue } from '../../review/queues.js';
import { resolveDisputes } from '../../review/resolve.js';
import { listVotes } from '../../review/vote-list.js';
import type { HandlerTable } from '../types.js';

/** Other windows refresh their grid and counts on this event. */
function changed<T>(ctx: AppContext, reason: string, value: T): T {
  ctx.events.emit({ type: 'catalogue-changed', reason });
  return value;
}

/**
 * Who is acting: today the catalogue's validator name (single seat); the
 * signed-in user once team catalogues pass the caller in.
 */
const actor = (ctx: AppContext) => ({ name: auditActor(ctx.db), userId: null });

export const validationHandlers: HandlerTable<keyof typeof validationCalls> = {
  'validation.policies': (_input, ctx) => listPolicies(ctx.db),
  'validation.setPolicy': (input, ctx) => changed(ctx, 'facets', setValidationPolicy(ctx.db, input)),
  'validation.resolve': (input, ctx) => changed(ctx, 'review', resolveDisputes(ctx.db, input)),
  'validation.votes': (input, ctx) => listVotes(ctx.db, input.id, input.facet, actor(ctx)),
  'validation.agreement': (input, ctx) => agreementReport(ctx.db, input.facet),
  'queue.assign': (input, ctx) => changed(ctx, 'queues', assignQueue(ctx.db, input, actor(ctx))),
  'queue.list': (input, ctx) => listQueues(ctx.db, input.assignee ? { name: input.assignee, userId: null } : undefined),
  'queue.remove': (input, ctx) => changed(ctx, 'queues', removeQueue(ctx.db, input.id, actor(ctx))),
};
