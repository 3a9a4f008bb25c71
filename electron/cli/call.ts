import type { CallInput, CallName, CallOutput } from '../common/contract/index.js';
import { ApiError } from '../common/errors.js';
import type { AppContext } from '../core/app/context.js';
import { dispatch } from '../core/api/dispatch.js';

/** A call through dispatch as the catalogue's owner (the CLI has the file); a refusal becomes an ApiError for reportCliError. */
export async function callAsOwner<N extends CallName>(ctx: AppContext, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message);
  return r.value as CallOutput<N>;
}
