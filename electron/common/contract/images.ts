import { z } from 'zod';
import { call } from './define.js';
import { Id, IsoTime } from './shared.js';
import { ReviewFacetState, ReviewHistoryEntry } from './review.js';

/** Images served through the API (never by file path) and the large view's data. */
export const ImageDetail = z.object({
  id: z.number().int(),
  fileName: z.string(),
  /** Path relative to its import root (for display; files are only served through image.full). */
  relPath: z.string(),
  rootId: z.number().int(),
  rootPath: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  format: z.string(),
  sizeBytes: z.number().int(),
  capturedAt: z.string().nullable(),
  camera: z.string().nullable(),
  gps: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  description: z.string().nullable(),
  keywords: z.array(z.string()),
  copyright: z.string().nullable(),
  importedAt: IsoTime,
  missing: z.boolean(),
  hasThumbnail: z.boolean(),
  facets: z.array(ReviewFacetState),
  duplicates: z.array(z.object({ id: z.number().int(), fileName: z.string(), hasThumbnail: z.boolean(), width: z.number().int(), height: z.number().int() })),
  /** Full label history of the image over all facets, oldest first. */
  history: z.array(ReviewHistoryEntry),
});
export type ImageDetail = z.infer<typeof ImageDetail>;

export const EncodedImage = z.object({ mime: z.string(), base64: z.string() });

export const imagesCalls = {
  'image.thumbnail': call(
    z.object({ id: Id }).strict(),
    EncodedImage,
    'The cached thumbnail of an image (not_found when none was made)',
  ),
  'image.full': call(
    z.object({ id: Id, maxSize: z.number().int().min(64).max(8192).default(2048), format: z.enum(['jpeg', 'webp']).default('jpeg') }).strict(),
    EncodedImage.extend({ width: z.number().int(), height: z.number().int(), originalWidth: z.number().int(), originalHeight: z.number().int() }),
    'The original image re-encoded to fit maxSize (not_found with a relink hint when the file is gone)',
  ),
  'image.detail': call(
    z.object({ id: Id }).strict(),
    ImageDetail,
    'Metadata, per-facet state and top-k predictions, near-duplicates and history of an image',
  ),
};
