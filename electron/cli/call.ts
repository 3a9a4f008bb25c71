import type { CallInput, CallName, CallOutput } from '../common/contract/index.js';
import { ApiError } from '../common/errors.js';
import type { AppContext } from '../core/app/context.js';
import { dispatch } from '../core/api/dispatch.js';

/** One API call through the same contract and handler as the app (input checked exactly as the app checks it); a refusal is thrown for reportCliError. */
export async function call<N extends CallName>(ctx: AppContext, name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  const r = await dispatch(name, input, ctx);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message);
  return r.value as CallOutput<N>;
}
