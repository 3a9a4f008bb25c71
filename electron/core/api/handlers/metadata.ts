import { metadataCalls } from '../../../common/contract/metadata.js';
import { importMetadata, previewSheet } from '../../metadata/import.js';
import { undoMetadataImport } from '../../metadata/undo.js';
import { exportXmp } from '../../export/xmp.js';
import type { HandlerTable } from '../types.js';
import { requireAbsolutePath } from '../absolute-path.js';
import { signedInActor } from '../sign-as.js';

export const metadataHandlers: HandlerTable<keyof typeof metadataCalls> = {
  'metadata.preview': (input, ctx) => previewSheet(ctx.db, { ...input, csv: requireAbsolutePath(input.csv) }),
  'metadata.import': (input, ctx, caller) => importMetadata(ctx.db, { ...input, csv: requireAbsolutePath(input.csv) }, signedInActor(caller)),
  'export.xmp': (input, ctx, caller) =>
    exportXmp(ctx.db, ctx.cataloguePath, {
      ...input,
      out: input.out ? requireAbsolutePath(input.out) : null,
      backup: input.backup ? requireAbsolutePath(input.backup) : null,
      },
      signedInActor(caller),
    ),
  'metadata.undo': (input, ctx) => undoMetadataImport(ctx.db, input.importId),
};
