import type { Database } from 'better-sqlite3';
import { signer, type Actor } from '../catalogue/audit.js';

export type { Actor };

/** What a caller may pass to sign as someone (the CLI's --validator, a signed-in user). */
export interface SignAs {
  validator: string;
  userId?: number | null;
}

/** The actor a decision is signed by: as given (checked), else the catalogue's validator setting. */
export function actorOf(db: Database, as?: SignAs): Actor {
  return { name: signer(db, as), userId: as?.userId ?? null };
}

/**
 * "The same person": the same user id when both have one, else the same name
 * compared case-insensitively ("sari" typed on Monday is "Sari" on Tuesday).
 */
export function sameActor(a: Actor, b: Actor): boolean {
  if (a.userId !== null && b.userId !== null) return a.userId === b.userId;
  return a.name.trim().toLocaleLowerCase() === b.name.trim().toLocaleLowerCase();
}
