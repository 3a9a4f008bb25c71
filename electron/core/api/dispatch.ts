import { z } from 'zod';
import { contract, isCallName, type CallName } from '../../common/contract/index.js';
import { ApiError, type ApiResult } from '../../common/errors.js';
import type { AppContext } from '../app/context.js';
import { busyWhilePruning } from '../classify/prune-job.js';
import { describeSqliteError } from '../db/open.js';
import { handlers } from './handlers/index.js';
import { LOCAL_CALLER, type Caller } from './caller.js';
import { forbidden } from './permission-check.js';
import type { Handler } from './types.js';

function formatZodError(err: z.ZodError): string {
  return err.issues
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : 'input';
      return `${where}: ${i.message}`;
    })
    .join('; ');
}

export function toApiError(err: unknown, ctx?: AppContext): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) return new ApiError('invalid_input', formatZodError(err));
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_') && ctx) return busyWhilePruning(err, ctx.jobs) ?? describeSqliteError(err, ctx.cataloguePath);
  if (typeof code === 'string' && ['ENOENT', 'EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EISDIR', 'ENOTDIR'].includes(code)) {
    return new ApiError('io', (err as Error).message);
  }
  return new ApiError('internal', 'Internal error: ' + (err instanceof Error ? err.message : String(err)));
}

/**
 * Check the caller's right, validate, run, validate again. The right is
 * checked first, so a forbidden caller learns nothing from input errors. Input is parsed before the handler sees it
 * (so a malformed call changes nothing); the output is checked too, so a
 * handler can never send the renderer something the contract does not allow.
 */
export async function dispatch(name: string, rawInput: unknown, ctx: AppContext, caller: Caller = LOCAL_CALLER): Promise<ApiResult<unknown>> {
  if (!isCallName(name)) {
    return { ok: false, error: new ApiError('unknown_call', `Unknown API call "${name}"`).toJSON() };
  }
  const refused = forbidden(caller, name);
  if (refused) return { ok: false, error: refused.toJSON() };
  const spec = contract[name as CallName];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return { ok: false, error: new ApiError('invalid_input', `${name}: ${formatZodError(parsed.error)}`).toJSON() };
  }
  try {
    const handler = handlers[name as CallName] as Handler<CallName>;
    const value = await handler(parsed.data as never, ctx, caller);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      return { ok: false, error: new ApiError('internal', `${name} produced an invalid answer: ${formatZodError(checked.error)}`).toJSON() };
    }
    return { ok: true, value: checked.data };
  } catch (err) {
    return { ok: false, error: toApiError(err, ctx).toJSON() };
  }
}
