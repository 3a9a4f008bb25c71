import { z } from 'zod';
import { call } from './define.js';
import { Empty, IsoTime, Text } from './shared.js';
import { ReviewHistoryEntry } from './review.js';

/** The motif knowledge base: one card per motif key, edits audited. */
export const KnowledgeSource = z.object({
  title: z.string(),
  url: z.string().nullable(),
  note: z.string().nullable(),
});

export const KnowledgeEntry = z.object({
  /** Normalised motif key, the same rule as label keys ("Mega Mendung" → "megamendung"). */
  key: z.string(),
  name: z.string(),
  altNames: z.array(z.string()),
  /**
   * Region, theme, meaning and caveats come in Indonesian (`…Id`) and English
   * (`…En`); null where that language has no text yet (the card then shows
   * the other one, marked as such).
   */
  regionId: z.string().nullable(),
  regionEn: z.string().nullable(),
  themeId: z.string().nullable(),
  themeEn: z.string().nullable(),
  meaningId: z.string().nullable(),
  meaningEn: z.string().nullable(),
  sources: z.array(KnowledgeSource),
  /** What the authors were unsure about, stated rather than invented. */
  caveatsId: z.string().nullable(),
  caveatsEn: z.string().nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: IsoTime,
  /** Facets that have a label with this key. */
  labelOf: z.array(z.string()),
});
export type KnowledgeEntry = z.infer<typeof KnowledgeEntry>;

export const knowledgeCalls = {
  'knowledge.list': call(Empty, z.array(KnowledgeEntry), 'Every motif knowledge entry, by name'),
  'knowledge.get': call(
    z.object({ key: z.string().min(1).max(100) }).strict(),
    KnowledgeEntry.nullable(),
    'The knowledge card of a motif by label key or name (null when there is none)',
  ),
  'knowledge.edit': call(
    z
      .object({
        key: z.string().min(1).max(100),
        /** Required when creating a new entry. */
        name: z.string().trim().min(1).max(200).optional(),
        altNames: z.array(z.string().trim().min(1).max(200)).max(30).optional(),
        regionId: Text.nullable().optional(),
        regionEn: Text.nullable().optional(),
        themeId: Text.nullable().optional(),
        themeEn: Text.nullable().optional(),
        meaningId: Text.nullable().optional(),
        meaningEn: Text.nullable().optional(),
        sources: z
          .array(z.object({ title: z.string().trim().min(1).max(500), url: z.url().max(1000).nullable().optional(), note: Text.nullable().optional() }).strict())
          .max(30)
          .optional(),
        caveatsId: Text.nullable().optional(),
        caveatsEn: Text.nullable().optional(),
      })
      .strict(),
    KnowledgeEntry,
    'Create or edit a motif knowledge entry (only the given fields change); audited',
  ),
  'knowledge.history': call(
    z.object({ key: z.string().min(1).max(100) }).strict(),
    z.array(ReviewHistoryEntry),
    'Audit entries of a knowledge entry, oldest first',
  ),
};
