import { z } from 'zod';
import { call } from './define.js';
import { Empty, Id, NonEmpty, Workers } from './shared.js';

export const ImportCounts = z.object({
  found: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

export const ImportJobInfo = ImportCounts.extend({
  id: z.number().int(),
  /** "interrupted": cut off when the app closed or was killed; it can be continued. */
  state: z.enum(['scanning', 'running', 'done', 'cancelled', 'failed', 'interrupted']),
  paths: z.array(z.string()),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  pending: z.number().int().nonnegative(),
});
export type ImportJobInfo = z.infer<typeof ImportJobInfo>;

export const ImportFileError = z.object({
  path: z.string(),
  /** Why, in English (also what the CLI prints). */
  reason: z.string(),
  /** The kind of reason (empty, truncated, damaged, not_image, too_many_pixels, gone, permission, …, other), for translated labels. */
  code: z.string(),
  /** What the reason names beyond its kind (width, height, megapixels, limit; format), for the translated sentence. */
  params: z.record(z.string(), z.string()),
});
export type ImportFileError = z.infer<typeof ImportFileError>;

export const ImportErrorKind = z.object({ code: z.string(), count: z.number().int().nonnegative() });
export type ImportErrorKind = z.infer<typeof ImportErrorKind>;

export const ImportStarted = z.object({
  /** The running job (jobs.list / jobs.cancel / job events). */
  jobId: z.string(),
  /** The import job in the catalogue (import.errors / import.resume). */
  importJobId: z.number().int(),
  /** True when this continued an interrupted or cancelled import of the same paths. */
  resumed: z.boolean(),
});

export const ImportSummary = ImportCounts.extend({
  importJobId: z.number().int(),
  seconds: z.number().nonnegative(),
  resumed: z.boolean(),
  errors: z.array(ImportFileError),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportRoot = z.object({
  id: z.number().int(),
  path: z.string(),
  images: z.number().int(),
  missing: z.number().int(),
  available: z.boolean(),
});
export type ImportRoot = z.infer<typeof ImportRoot>;

export const RelinkResult = z.object({
  rootId: z.number().int(),
  from: z.string(),
  to: z.string(),
  images: z.number().int(),
  byPath: z.number().int(),
  byHash: z.number().int(),
  missing: z.number().int(),
});
export type RelinkResult = z.infer<typeof RelinkResult>;

const FsPath = NonEmpty.max(4096);

/** How an import runs (the CLI's --workers, --max-pixels); defaults: one worker per core, 250 megapixels. */
const ImportOptions = {
  workers: Workers.optional(),
  /** Refuse images with more pixels than this. */
  maxPixels: z.number().int().min(1).optional(),
};

/** API calls of the importer area. */
export const importerCalls = {
  'import.start': call(
    z.object({ paths: z.array(FsPath).min(1, 'choose at least one folder or file').max(1000), ...ImportOptions }).strict(),
    ImportStarted,
    'Import folders (recursively) and files as a job; the same paths as an interrupted import continue it',
  ),
  'import.resume': call(z.object({ importJobId: Id, ...ImportOptions }).strict(), ImportStarted, 'Continue an interrupted or cancelled import'),
  'import.jobs': call(
    z.object({ limit: z.number().int().min(1).max(100).optional() }).strict(),
    z.array(ImportJobInfo),
    'Recent imports with their counts, newest first (interrupted ones can be continued)',
  ),
  'import.errors': call(
    z
      .object({
        importJobId: Id,
        /** Only files of this kind of reason (ImportFileError.code). */
        code: z.string().min(1).max(40).optional(),
        offset: z.number().int().nonnegative().optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    z.object({
      /** Failed files of every kind. */
      total: z.number().int(),
      /** How many failed for each kind, the damaged photos first and files that are not images last. */
      byCode: z.array(ImportErrorKind),
      items: z.array(ImportFileError),
    }),
    'Files an import could not take, with the path, a human reason and its kind; counts per kind; optionally of one kind only',
  ),
  'import.roots': call(Empty, z.array(ImportRoot), 'Import folders of the catalogue, with image counts and whether each is reachable'),
  'import.relink': call(
    z
      .object({
        rootId: Id.optional(),
        /** The import folder by its (old, absolute) path, instead of rootId. */
        from: FsPath.optional(),
        to: FsPath,
      })
      .strict()
      .refine((v) => (v.rootId === undefined) !== (v.from === undefined), 'give rootId or from, not both'),
    RelinkResult,
    'Point an import folder at the place its photos moved to (matched by relative path, then by content hash)',
  ),
};
