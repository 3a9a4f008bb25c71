import type { SignedInUser } from '../../common/contract/team.js';

/**
 * Who makes a call. 'local': the catalogue's owner — the single-seat
 * desktop, the CLI (it has the file), the loopback browser with the per-run
 * token — who may do everything, as before team catalogues. 'user': a person
 * signed in to a team catalogue, held to their role's rights (contract/permissions.ts).
 */
export type Caller = { kind: 'local' } | { kind: 'user'; user: SignedInUser };

export const LOCAL_CALLER: Caller = { kind: 'local' };
