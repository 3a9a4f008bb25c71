/**
 * What a photo's own file says about its capture, as the catalogue's
 * `images` columns keep it: the importer reads it (importer/metadata.ts),
 * exports write it (export/records.ts).
 */
export interface CaptureFields {
  capturedAt: string | null;
  camera: string | null;
  gpsLat: number | null;
  gpsLon: number | null;
  description: string | null;
  keywords: string[];
  copyright: string | null;
}
