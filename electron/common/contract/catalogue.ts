import { z } from 'zod';
import { call } from './define.js';
import { Empty, FacetKey, NonEmpty } from './shared.js';

export const Label = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  position: z.number().int(),
});
export type Label = z.infer<typeof Label>;

export const Facet = z.object({
  id: z.number().int(),
  key: z.string(),
  nameId: z.string(),
  nameEn: z.string(),
  labels: z.array(Label),
  activeModel: z.string().nullable(),
});
export type Facet = z.infer<typeof Facet>;

export const Language = z.enum(['id', 'en']);

export const Settings = z.object({
  validator: z.string().nullable(),
  language: Language,
});
export type Settings = z.infer<typeof Settings>;

export const CatalogueInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  appVersion: z.string(),
  counts: z.object({
    images: z.number().int(),
    predicted: z.number().int(),
    reviewed: z.number().int(),
    roots: z.number().int(),
  }),
});
export type CatalogueInfo = z.infer<typeof CatalogueInfo>;

export const catalogueCalls = {
  health: call(Empty, z.object({ ok: z.literal(true), appVersion: z.string(), schemaVersion: z.number().int() }), 'Liveness check'),
  'catalogue.info': call(Empty, CatalogueInfo, 'Path, schema version and counts of the open catalogue'),
  'facet.list': call(Empty, z.array(Facet), 'Every facet with its labels in order'),
  'facet.create': call(
    z
      .object({
        key: FacetKey,
        nameId: NonEmpty.max(100),
        nameEn: NonEmpty.max(100),
        labels: z.array(NonEmpty.max(100)).min(2, 'a facet needs at least two labels').max(50),
      })
      .strict(),
    Facet,
    'Create a new facet (label set)',
  ),
  'facet.addLabel': call(
    z.object({ facet: FacetKey, name: NonEmpty.max(100) }).strict(),
    Facet,
    'Add a label at the end of a facet',
  ),
  'facet.renameLabel': call(
    z.object({ facet: FacetKey, label: NonEmpty.max(100), name: NonEmpty.max(100) }).strict(),
    Facet,
    'Rename a label (given by key or name); its key stays, so models, predictions and reviews keep it',
  ),
  'settings.get': call(Empty, Settings, 'Validator name and interface language'),
  'settings.set': call(
    z
      .object({ validator: NonEmpty.max(100).optional(), language: Language.optional() })
      .strict(),
    Settings,
    'Change the validator name or interface language',
  ),
};
