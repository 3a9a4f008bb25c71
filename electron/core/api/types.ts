import type { CallName, CallOutput, ParsedInput } from '../../common/contract/index.js';
import type { AppContext } from '../app/context.js';
import type { Caller } from './caller.js';

/** `caller`: who calls (dispatch has already checked they may). */
export type Handler<N extends CallName> = (input: ParsedInput<N>, ctx: AppContext, caller: Caller) => CallOutput<N> | Promise<CallOutput<N>>;

/** A part of the handler table: each area implements the calls it declared. */
export type HandlerTable<Names extends CallName> = { [N in Names]: Handler<N> };
