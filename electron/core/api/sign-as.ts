import type { Actor } from '../catalogue/audit.js';
import type { SignAs } from '../review/actor.js';
import type { Caller } from './caller.js';

/**
 * Who signs what a caller changes (issue #18). A person signed in to a team
 * catalogue signs as themselves — their display name, and their account id,
 * which is what tells two people apart — and any validator name typed into
 * the call is ignored: nobody signs as someone else. The local caller (the
 * single-seat desktop, the CLI) keeps the typed name (--validator), else the
 * catalogue's validator setting (undefined here: the core falls back to it).
 */
export function signAs(caller: Caller, typed?: string): SignAs | undefined {
  if (caller.kind === 'user') return { validator: signedInName(caller), userId: caller.user.id };
  return typed === undefined ? undefined : { validator: typed };
}

/** The signed-in user as an actor; undefined for the local caller (the core uses the catalogue's validator name). */
export function signedInActor(caller: Caller): Actor | undefined {
  return caller.kind === 'user' ? { name: signedInName(caller), userId: caller.user.id } : undefined;
}

function signedInName(caller: Extract<Caller, { kind: 'user' }>): string {
  return caller.user.displayName.trim() || caller.user.username;
}
