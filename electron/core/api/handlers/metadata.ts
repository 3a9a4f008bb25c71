import { metadataCalls } from '../../../common/contract/metadata.js';
import { importMetadata, previewSheet } from '../../metadata/import.js';
import { undoMetadataImport } from '../../metadata/undo.js';
import type { HandlerTable } from '../types.js';
import { requireAbsolutePath } from '../absolute-path.js';

export const metadataHandlers: HandlerTable<keyof typeof metadataCalls> = {
  'metadata.preview': (input, ctx) => previewSheet(ctx.db, { ...input, csv: requireAbsolutePath(input.csv) }),
  'metadata.import': (input, ctx) => importMetadata(ctx.db, { ...input, csv: requireAbsolutePath(input.csv) }),
  'metadata.undo': (input, ctx) => undoMetadataImport(ctx.db, input.importId),
};
