import { z } from 'zod';
import { call } from './define.js';
import { FacetKey, NonEmpty } from './shared.js';
import { GridFilter, REVIEW_STATUSES, ReviewStatus } from './review.js';

/**
 * The exports area.
 *
 * Where the output goes: the caller gives a path on the machine running the
 * core. In Electron the renderer asks the user with the native save dialog
 * (client.shell.pickSaveFile) or folder picker (client.shell.pickFolders). In
 * browser mode (`canting serve`, loopback only, so the server is the user's
 * own machine) CSV and JSON are offered as a download built from
 * export.csvContent / export.jsonContent, and training data, a folder tree,
 * goes to a folder path the user types.
 *
 * Outputs are written atomically (temporary sibling, then rename); an existing
 * target is refused unless `force` (the save dialog has already asked).
 */
export const ExportFilter = z
  .object({
    /** Facet the status/label conditions apply to; also limits the per-facet columns to it. Absent: every facet, every image. */
    facet: FacetKey.nullish(),
    /** Effective review statuses of that facet (OR). */
    statuses: z.array(ReviewStatus).max(REVIEW_STATUSES.length).nullish(),
    /**
     * Only labels that passed the facet's required validations (layered
     * validation): corrected or validated images; awaiting, disputed,
     * rejected and undecided ones are left out. Combines with `statuses`.
     */
    passedOnly: z.boolean().nullish(),
    /** Label keys or names of that facet, matched against the label shown in the review grid (OR). */
    labels: z.array(z.string().min(1).max(100)).max(100).nullish(),
    /** The review grid's whole filter for `facet` (export exactly what the grid shows); combines with the above. */
    grid: GridFilter.nullish(),
  })
  .strict();
export type ExportFilter = z.infer<typeof ExportFilter>;

const OutPath = NonEmpty.max(4096);

const CatalogueExportInput = z
  .object({
    out: OutPath,
    force: z.boolean().optional(),
    filter: ExportFilter.optional(),
  })
  .strict();

/**
 * CSV layouts: `dublin-core` (the catalogue CSV, default), `omeka-s` (Omeka S
 * CSV Import: property-term headers, "|" between values, a `file` column for
 * sideloading), `atom` (AtoM's ISAD(G) information-object CSV).
 */
export const CsvProfile = z.enum(['dublin-core', 'omeka-s', 'atom']);
export const SubjectLanguage = z.enum(['id', 'en', 'both']);

const CsvOptions = {
  profile: CsvProfile.optional(),
  /** Language of the facet names in subjects and of the knowledge cards' regions (omeka-s, atom); default id. */
  subjectLanguage: SubjectLanguage.optional(),
  /** atom: one parent description per import folder, each photo under its folder's. */
  parentPerRoot: z.boolean().optional(),
};

const CsvExportInput = CatalogueExportInput.extend(CsvOptions).strict();

/** The statuses whose labels a validator gave: the only ones training data may include. */
export const TRAINING_STATUSES = ['corrected', 'validated'] as const satisfies readonly ReviewStatus[];

export const ExportStarted = z.object({
  jobId: z.string(),
  /** Images that will be written. */
  images: z.number().int(),
  /** The absolute output path. */
  out: z.string(),
});

export const ExportContent = z.object({
  /** Suggested download name, e.g. canting-katalog-2026-05-01.csv */
  fileName: z.string(),
  mime: z.string(),
  content: z.string(),
  images: z.number().int(),
});

/** The result of a finished training export, also the job's `result`. */
export const TrainingExportResult = z.object({
  format: z.literal('training'),
  out: z.string(),
  facet: z.string(),
  train: z.number().int(),
  val: z.number().int(),
  /** Evaluation-set images (a version's recorded evaluation set only). */
  eval: z.number().int(),
  /** eval only with a version's recorded evaluation set. */
  perLabel: z.record(z.string(), z.object({ train: z.number().int(), val: z.number().int(), eval: z.number().int().optional() })),
  skipped: z.array(z.object({ imageId: z.number().int(), source: z.string(), reason: z.enum(['missing', 'changed', 'unreadable']) })),
  linked: z.number().int(),
  copied: z.number().int(),
  seed: z.number().int(),
  valFraction: z.number(),
  include: z.array(z.string()),
  /** The version whose split was replayed (null: a new split from valFraction and seed). */
  version: z.string().nullable(),
});
export type TrainingExportResult = z.infer<typeof TrainingExportResult>;

/** The result of a finished IIIF export, also the job's `result`. */
export const IiifExportResult = z.object({
  format: z.literal('iiif'),
  out: z.string(),
  baseUrl: z.string(),
  manifests: z.number().int(),
  /** Collections written: one per import folder and the top one (collection.json). */
  collections: z.number().int(),
  /** Photos without a manifest: the original is missing or cannot be decoded. */
  skipped: z.array(z.object({ imageId: z.number().int(), source: z.string(), reason: z.enum(['missing', 'unreadable']) })),
});
export type IiifExportResult = z.infer<typeof IiifExportResult>;

/** The result of a finished CSV or JSON catalogue export, also the job's `result`. */
export const CatalogueExportResult = z.object({
  format: z.enum(['csv', 'json']),
  out: z.string(),
  images: z.number().int(),
});
export type CatalogueExportResult = z.infer<typeof CatalogueExportResult>;

/** What a finished export job returns: which export it was is its `format`. */
export const ExportJobResult = z.discriminatedUnion('format', [CatalogueExportResult, IiifExportResult, TrainingExportResult]);
export type ExportJobResult = z.infer<typeof ExportJobResult>;

/** An export job's result as the export its caller started (csv, json, iiif, training); anything else is a programming error. */
export function exportOfFormat<F extends ExportJobResult['format']>(result: ExportJobResult, ...formats: F[]): ExportJobResult & { format: F } {
  if (!(formats as string[]).includes(result.format)) throw new Error(`Expected a ${formats.join(' or ')} export, got ${result.format}`);
  return result as ExportJobResult & { format: F };
}

export const exportsCalls = {
  'export.csv': call(CsvExportInput, ExportStarted, 'Write the catalogue (or the filtered part) as a CSV file, as a job'),
  'export.json': call(CatalogueExportInput, ExportStarted, 'Write the catalogue (or the filtered part) as JSON with full prediction and review history, as a job'),
  'export.csvContent': call(
    z.object({ filter: ExportFilter.optional(), ...CsvOptions }).strict(),
    ExportContent,
    'The catalogue CSV as text, for a browser download',
  ),
  'export.jsonContent': call(
    z.object({ filter: ExportFilter.optional() }).strict(),
    ExportContent,
    'The catalogue JSON as text, for a browser download',
  ),
  'export.iiif': call(
    z
      .object({
        /** The folder to create (new or empty unless force), then to put on a web server as it is. */
        out: OutPath,
        /** The absolute http(s) URL the folder will be served at; every IIIF id starts with it. */
        baseUrl: NonEmpty.max(2000),
        force: z.boolean().optional(),
        filter: ExportFilter.optional(),
      })
      .strict(),
    ExportStarted,
    'Write IIIF Presentation 3 manifests (one per photo, a collection per import folder) and level-0 image tiles to a folder, as a job',
  ),
  'export.training': call(
    z
      .object({
        facet: FacetKey,
        out: OutPath,
        /** Review statuses to export (default corrected and validated); rejected is refused. */
        include: z.array(z.string().min(1).max(20)).min(1).max(5).optional(),
        /** Fraction of each label for validation, 0 ≤ val < 1 (default 0.2). */
        valFraction: z.number().optional(),
        /** Split seed (default 42). */
        seed: z.number().int().optional(),
        force: z.boolean().optional(),
        /** Always copy files instead of hard-linking them. */
        copy: z.boolean().optional(),
        /** A trained version's id: export exactly its recorded train/validation/evaluation split (valFraction and seed do not apply). */
        version: z.number().int().positive().optional(),
      })
      .strict(),
    ExportStarted.extend({ skipped: z.number().int() }),
    'Write reviewed labels of a facet as train/ and val/ folders with manifest.csv and README.md, as a job',
  ),
};
