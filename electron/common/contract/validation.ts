import { z } from 'zod';
import { call } from './define.js';
import { ReviewItemState } from './review.js';
import { Empty, FacetKey, Id, IsoTime } from './shared.js';

/**
 * Layered validation (validasi berlapis): per facet, how many different
 * people must agree before a label is settled (1, or 2), whether the second
 * one decides blind, how experts resolve disputes, agreement between
 * validators, and work queues.
 */

export const ValidationPolicy = z.object({
  facet: FacetKey,
  /** 1: one decision settles a label (the default). 2: two different people must agree. */
  requiredValidations: z.union([z.literal(1), z.literal(2)]),
  /** The second validator does not see the first one's label. */
  blind: z.boolean(),
});
export type ValidationPolicy = z.infer<typeof ValidationPolicy>;

export const ResolveResult = z.object({
  batchId: z.string(),
  resolved: z.number().int(),
  items: z.array(ReviewItemState),
});
export type ResolveResult = z.infer<typeof ResolveResult>;

export const ValidationVote = z.object({
  actor: z.string(),
  userId: z.number().int().nullable(),
  kind: z.enum(['vote', 'resolution']),
  outcome: z.enum(['label', 'reject']),
  /** null for a rejection, and for another person's vote while a blind facet's image awaits its second validation. */
  label: z.string().nullable(),
  hidden: z.boolean(),
  at: IsoTime,
});
export type ValidationVote = z.infer<typeof ValidationVote>;

const AgreementCounts = z.object({
  /** Images both (all) people voted on in the same round. */
  items: z.number().int(),
  agreed: z.number().int(),
  /** agreed / items, 0..1; null without items. */
  percentAgreement: z.number().nullable(),
  /** Cohen's kappa: agreement beyond chance; null without items or when chance agreement is 1 (one category only). */
  kappa: z.number().nullable(),
});

export const AgreementReport = z.object({
  facet: FacetKey,
  requiredValidations: z.union([z.literal(1), z.literal(2)]),
  /** Every pair's comparisons pooled. */
  overall: AgreementCounts,
  pairs: z.array(AgreementCounts.extend({ a: z.string(), b: z.string() })),
  /** Disputes still waiting for an expert. */
  openDisputes: z.number().int(),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const WorkQueue = z.object({
  id: z.number().int(),
  facet: FacetKey,
  assignee: z.string(),
  /** A folder (as review.folders names it), or a saved grid filter (JSON object). */
  folder: z.string().nullable(),
  filter: z.record(z.string(), z.unknown()).nullable(),
  createdBy: z.string(),
  createdAt: IsoTime,
  /** Images in the queue, and how many of them are no longer waiting for a decision by the assignee. */
  total: z.number().int(),
  done: z.number().int(),
});
export type WorkQueue = z.infer<typeof WorkQueue>;

const Actor = z.string().trim().min(1).max(100);

export const validationCalls = {
  'validation.policies': call(Empty, z.array(ValidationPolicy), 'Every facet’s required validations and blind setting'),
  'validation.setPolicy': call(
    z
      .object({ facet: FacetKey, requiredValidations: z.union([z.literal(1), z.literal(2)]).optional(), blind: z.boolean().optional() })
      .strict(),
    ValidationPolicy.extend({
      /** Going from 2 to 1: images that were awaiting a second validation and are now settled by their one vote. */
      settled: z.number().int(),
    }),
    'Set how many people must agree on a facet’s labels (1 or 2) and whether the second decides blind',
  ),
  'validation.resolve': call(
    z
      .object({
        facet: FacetKey,
        ids: z.array(Id).min(1).max(10_000),
        action: z.enum(['label', 'reject']),
        label: z.string().min(1).max(100).optional(),
      })
      .strict(),
    ResolveResult,
    'An expert resolves disputed images (audited with both earlier votes)',
  ),
  'validation.votes': call(
    z.object({ id: Id, facet: FacetKey }).strict(),
    z.object({ status: z.string(), round: z.number().int(), votes: z.array(ValidationVote) }),
    'The votes of an image’s current round (blind facets hide the first label from others while awaiting)',
  ),
  'validation.agreement': call(
    z.object({ facet: FacetKey }).strict(),
    AgreementReport,
    'Agreement between validators: per pair and overall, counts, percent agreement and Cohen’s kappa',
  ),
  'queue.assign': call(
    z
      .object({
        facet: FacetKey,
        assignee: Actor,
        folder: z.string().min(1).max(1000).optional(),
        filter: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    WorkQueue,
    'Assign a folder or a saved grid filter of a facet to a validator',
  ),
  'queue.list': call(
    z.object({ assignee: Actor.optional(), mine: z.boolean().optional() }).strict(),
    z.array(WorkQueue),
    'Work queues with progress (one person’s with assignee; the caller’s own with mine: “my queue”, the signed-in user in a team catalogue)',
  ),
  'queue.remove': call(z.object({ id: Id }).strict(), z.object({ removed: z.boolean() }), 'Remove a work queue assignment'),
};
