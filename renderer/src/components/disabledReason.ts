/**
 * Why a control is greyed out: the first reason that holds, or undefined when none does. Used as
 * both `disabled={why !== undefined}` and `title={why}`, so a greyed-out control always says why.
 */
export function disabledReason(...reasons: [holds: boolean, why: string][]): string | undefined {
  return reasons.find(([holds]) => holds)?.[1];
}
