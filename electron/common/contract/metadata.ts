import { z } from 'zod';
import { call } from './define.js';
import { Id, NonEmpty } from './shared.js';

/**
 * The archive's existing spreadsheets (canting metadata import, the Impor
 * panel's "Impor metadata"): an identifier, title, description, date, place
 * and labels per photo, attached to photos already imported, matched by file
 * name, path, SHA-256 or the archive's identifier. One import is one audited
 * batch, undone as a whole.
 */
export const MatchBy = z.enum(['file-name', 'path', 'sha256', 'identifier']);
export type MatchBy = z.infer<typeof MatchBy>;
export const SheetEncoding = z.enum(['utf-8', 'windows-1252']);
export type SheetEncoding = z.infer<typeof SheetEncoding>;

const SheetSource = z
  .object({
    /** The CSV file's absolute path on the machine running the core. */
    csv: NonEmpty.max(4096),
    /** Absent: UTF-8 when the file is valid UTF-8 (with or without BOM), else Windows-1252. */
    encoding: SheetEncoding.optional(),
  })
  .strict();

export const MetadataImportInput = SheetSource.extend({
  match: MatchBy,
  /** The column holding the match key (absent: a recognised heading; for identifier, the identifier column). */
  keyColumn: NonEmpty.max(200).optional(),
  /** column → field (identifier, title, description, date, place, label:<facet>, or ignore), on top of recognised headings. */
  map: z.record(NonEmpty.max(200), NonEmpty.max(80)).optional(),
  /** Only say what would happen; nothing is written. */
  dryRun: z.boolean().optional(),
  /** Labels become reviewed labels signed by `validator` instead of hints. */
  asReviewed: z.boolean().optional(),
  validator: NonEmpty.max(100).optional(),
}).strict();
export type MetadataImportInput = z.infer<typeof MetadataImportInput>;

const RowKey = z.object({ line: z.number().int(), key: z.string() });

export const MetadataImportResult = z.object({
  /** The import's number (for metadata.undo); null for a dry run. */
  importId: Id.nullable(),
  dryRun: z.boolean(),
  encoding: SheetEncoding,
  keyColumn: z.string(),
  columns: z.array(z.object({ column: z.string(), field: z.string() })),
  rows: z.number().int(),
  matched: z.array(z.object({ line: z.number().int(), imageId: Id, file: z.string() })),
  unmatched: z.array(RowKey),
  ambiguous: z.array(RowKey.extend({ files: z.array(z.string()) })),
  /** Rows that refuse the file: listed by a dry run, an error otherwise. */
  /** `message` in English (the CLI); `key` and `params` for the interface to word it (metadataImport.problems.<key>). */
  problems: z.array(z.object({ line: z.number().int(), message: z.string(), key: z.string().optional(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
  /** Fields and labels changed (or, in a dry run, that would change). */
  fields: z.number().int(),
  hints: z.number().int(),
  reviewed: z.number().int(),
  /** Photos whose label a person had already decided: left as they were. */
  skippedDecided: z.number().int(),
});
export type MetadataImportResult = z.infer<typeof MetadataImportResult>;

export const MetadataPreview = z.object({
  encoding: SheetEncoding,
  headers: z.array(z.string()),
  /** The first rows, cells by heading. */
  rows: z.array(z.record(z.string(), z.string())),
  total: z.number().int(),
  /** The fields Canting recognises from the headings (column → field). */
  suggested: z.record(z.string(), z.string()),
  /** Field names a column can be mapped to. */
  fields: z.array(z.string()),
});

export const MetadataUndoResult = z.object({
  importId: Id,
  restored: z.number().int(),
  /** Values changed after the import: kept, not undone. */
  skipped: z.array(z.object({ imageId: Id, field: z.string(), reason: z.string() })),
});

export const XmpExportInput = z
  .object({
    /** Absolute folder mirroring the import folders for the sidecars; absent: beside the originals. */
    out: NonEmpty.max(4096).nullish(),
    /** Write into the originals (each copied and verified first). */
    embed: z.boolean().optional(),
    /** Absolute folder for the verified copies --embed makes (absent: beside the catalogue). */
    backup: NonEmpty.max(4096).nullish(),
    /** Facet names in the keyword paths: Bahasa Indonesia, English or both. */
    language: z.enum(['id', 'en', 'both']).optional(),
  })
  .strict();

export const XmpExportResult = z.object({
  written: z.number().int(),
  embedded: z.number().int(),
  skipped: z.number().int(),
  out: z.string().nullable(),
  backup: z.string().nullable(),
});

export const metadataCalls = {
  'metadata.preview': call(SheetSource, MetadataPreview, "A spreadsheet's headings, first rows and recognised columns, before importing it"),
  'metadata.import': call(MetadataImportInput, MetadataImportResult, "Attach an archive spreadsheet's identifiers, titles, descriptions, dates, places and labels to imported photos"),
  'export.xmp': call(XmpExportInput, XmpExportResult, "Write reviewed labels and the archive's fields into XMP sidecars (or, asked, into the originals after a verified copy)"),
  'metadata.undo': call(z.object({ importId: Id }).strict(), MetadataUndoResult, 'Undo one metadata import as a whole, keeping values changed since'),
};
