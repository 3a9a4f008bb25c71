import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CallName } from '../../../electron/common/contract/index.js';
import { useTeam, type Me } from '../features/team/team.js';

/**
 * What the review, validation and classify screens let a person do, each named by the
 * contract call it makes: the server's permission table (permissions.ts in
 * the contract) answers for the signed-in role through `auth.me`. The server
 * still decides; this only greys out what it would refuse, saying why.
 */
export const GUARDED = {
  /** Labels, validate, reject, undo/redo of decisions (one permission on the server). */
  decide: 'review.decide',
  note: 'review.setNote',
  resolve: 'validation.resolve',
  knowledge: 'knowledge.edit',
  policy: 'validation.setPolicy',
  queues: 'queue.assign',
  classify: 'classify.start',
} as const satisfies Record<string, CallName>;
export type Guarded = keyof typeof GUARDED;

/**
 * Why the caller may not do `action` (translated, naming their role), or
 * undefined when they may: the catalogue's owner (no signed-in user) may do
 * everything, a signed-in person what `auth.me` allowed.
 */
export function deniedReason(me: Me | null, action: Guarded, t: TFunction): string | undefined {
  if (!me?.user || me.allowed.includes(GUARDED[action])) return undefined;
  return t(`roles.denied.${action}`, { role: t(`team.roles.${me.user.role}`) });
}

/** `denied(action)`: the reason a control is disabled for the signed-in role, for `disabled` and `title`. */
export function usePermissions(): (action: Guarded) => string | undefined {
  const { me } = useTeam();
  const { t } = useTranslation();
  return useCallback((action: Guarded) => deniedReason(me, action, t), [me, t]);
}
