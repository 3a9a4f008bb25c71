import type { CallInput, CallName, CallOutput, JobKind } from '../common/contract/index.js';
import { ApiError } from '../common/errors.js';
import type { AppContext } from '../core/app/context.js';
import { dispatch } from '../core/api/dispatch.js';
import type { StartedJob } from '../core/jobs/runner.js';

/**
 * The CLI's one way into the catalogue: the same contract, schemas and
 * handlers as Electron IPC and HTTP, so a bad input gets the same refusal
 * (message and code) whichever way it came. The error is rethrown as the
 * ApiError the handler raised, for reportCliError to print.
 */
/**
 * Where the app's remedy is a screen the CLI does not have, the CLI words the
 * same refusal (same code) with its own option; keyed by the error's messageKey.
 */
const CLI_REMEDY: Record<string, string> = {
  validatorMissing: 'Give --validator NAME: every review decision is recorded with the name of who made it',
};

export async function call<N extends CallName>(ctx: AppContext, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) {
    const err = new ApiError(r.error.code, (r.error.messageKey && CLI_REMEDY[r.error.messageKey]) || r.error.message, r.error.details);
    if (r.error.messageKey) err.translated(r.error.messageKey, r.error.params);
    throw err;
  }
  return r.value as CallOutput<N>;
}

/**
 * A job started through the contract (it answers with its id), to follow
 * with followJob. The result's type is the one the contract declares for the
 * job's kind (JobResults), and the kind is checked.
 */
export function startedJob<K extends JobKind>(ctx: AppContext, id: string, kind: K): StartedJob<K> {
  return { id, done: ctx.jobs.wait(id, kind) };
}
