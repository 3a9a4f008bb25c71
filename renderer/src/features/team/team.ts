import { createContext, useContext } from 'react';
import type { CallName, CallOutput } from '../../../../electron/common/contract/index.js';

export type Me = CallOutput<'auth.me'>;

export interface Team {
  /** Who is calling; null until known (or where auth.me failed for another reason: the app shows that error itself). */
  me: Me | null;
  signOut(): Promise<void>;
}

export const TeamContext = createContext<Team>({ me: null, signOut: async () => {} });

export function useTeam(): Team {
  return useContext(TeamContext);
}

/** Whether the caller may make a call: the interface hides what it may not (the server decides in any case). */
export function mayCall(me: Me | null, name: CallName): boolean {
  return !me || me.allowed.includes(name);
}

/** Whether the caller may take no review decision (a viewer): the review screen says so. */
export function readOnly(me: Me | null): boolean {
  return !mayCall(me, 'review.decide');
}
