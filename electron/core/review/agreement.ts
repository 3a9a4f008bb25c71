import type { Database } from 'better-sqlite3';
import type { AgreementReport } from '../../common/contract/index.js';
import { getFacet } from '../catalogue/facets.js';
import { sameActor, type Actor } from './actor.js';
import { validationPolicy } from './layered.js';

/** Counts, percent agreement and Cohen's kappa over paired answers (each pair: what rater a said, what rater b said). */
export function agreementOf(pairs: [string, string][]): { items: number; agreed: number; percentAgreement: number | null; kappa: number | null } {
  const n = pairs.length;
  const agreed = pairs.filter(([a, b]) => a === b).length;
  if (!n) return { items: 0, agreed: 0, percentAgreement: null, kappa: null };
  const po = agreed / n;
  // Chance agreement: how often two raters answering at their own rates would agree.
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  for (const [a, b] of pairs) {
    countA.set(a, (countA.get(a) ?? 0) + 1);
    countB.set(b, (countB.get(b) ?? 0) + 1);
  }
  let pe = 0;
  for (const [k, ca] of countA) pe += (ca / n) * ((countB.get(k) ?? 0) / n);
  return { items: n, agreed, percentAgreement: po, kappa: pe === 1 ? null : (po - pe) / (1 - pe) };
}

interface VoteRow {
  image_id: number;
  round: number;
  actor_name: string;
  actor_user_id: number | null;
  answer: string;
  id: number;
}

/**
 * Agreement between validators of one facet: every round in which two or
 * more people voted (their standing votes: a person's latest, withdrawn ones
 * left out, an expert's resolution not counted) gives one comparison per
 * pair. An answer is the label key, or "rejected".
 */
export function agreementReport(db: Database, facetKey: string): AgreementReport {
  const facet = getFacet(db, facetKey);
  const rows = db
    .prepare(
      `SELECT v.id, v.image_id, v.round, v.actor_name, v.actor_user_id, CASE WHEN v.outcome = 'reject' THEN 'rejected' ELSE l.key END AS answer
       FROM validation_votes v LEFT JOIN labels l ON l.id = v.label_id
       WHERE v.facet_id = ? AND v.kind = 'vote' AND v.withdrawn = 0 ORDER BY v.image_id, v.round, v.id`,
    )
    .all(facet.id) as VoteRow[];
  // People: one entry per person (user id, else name case-insensitively), named as first seen.
  const people: Actor[] = [];
  const personOf = (a: Actor) => {
    let i = people.findIndex((p) => sameActor(p, a));
    if (i < 0) i = people.push(a) - 1;
    return i;
  };
  const rounds = new Map<string, Map<number, string>>();
  for (const r of rows) {
    const key = `${r.image_id}:${r.round}`;
    if (!rounds.has(key)) rounds.set(key, new Map());
    rounds.get(key)!.set(personOf({ name: r.actor_name, userId: r.actor_user_id }), r.answer); // later votes replace earlier ones
  }
  const byPair = new Map<string, [string, string][]>();
  const all: [string, string][] = [];
  for (const answers of rounds.values()) {
    const who = [...answers.keys()].sort((x, y) => people[x].name.localeCompare(people[y].name));
    for (let i = 0; i < who.length; i++) {
      for (let j = i + 1; j < who.length; j++) {
        const key = `${who[i]}:${who[j]}`;
        const pair: [string, string] = [answers.get(who[i])!, answers.get(who[j])!];
        if (!byPair.has(key)) byPair.set(key, []);
        byPair.get(key)!.push(pair);
        all.push(pair);
      }
    }
  }
  const pairs = [...byPair.entries()]
    .map(([key, list]) => {
      const [a, b] = key.split(':').map(Number);
      return { a: people[a].name, b: people[b].name, ...agreementOf(list) };
    })
    .sort((x, y) => x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  const openDisputes = db.prepare("SELECT count(*) FROM reviews WHERE facet_id = ? AND status = 'disputed'").pluck().get(facet.id) as number;
  return { facet: facet.key, requiredValidations: validationPolicy(db, facet.id).requiredValidations, overall: agreementOf(all), pairs, openDisputes };
}
