import exifr from 'exifr';
import type { CaptureFields } from '../catalogue/capture.js';

/** Capture metadata kept in the catalogue's own columns; the rest goes to `extra`. */
export interface CaptureMetadata extends CaptureFields {
  /** Other EXIF/IPTC/XMP fields worth keeping (exposure, lens, author…), or null. */
  extra: Record<string, unknown> | null;
}

export const EMPTY_METADATA: CaptureMetadata = {
  capturedAt: null,
  camera: null,
  gpsLat: null,
  gpsLon: null,
  description: null,
  keywords: [],
  copyright: null,
  extra: null,
};

const EXTRA_FIELDS = ['Artist', 'Creator', 'creator', 'Software', 'LensModel', 'ISO', 'ExposureTime', 'FNumber', 'FocalLength', 'Orientation', 'City', 'Province-State', 'Country-PrimaryLocationName', 'Headline', 'Title', 'title'];

/** XMP values come as strings, arrays or language alternatives ({lang, value}); flatten to text. */
function text(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join('; ') || null;
  if (typeof v === 'object' && 'value' in (v as object)) return text((v as { value: unknown }).value);
  return null;
}

function list(v: unknown): string[] {
  if (v == null) return [];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[;,]/) : [v];
  return [...new Set(items.map(text).filter((s): s is string => !!s).map((s) => s.trim()))];
}

function date(v: unknown): string | null {
  // EXIF dates carry no time zone; exifr revives them in local time, so keep the camera's wall clock.
  if (v instanceof Date && !Number.isNaN(v.getTime())) {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${v.getFullYear()}-${p(v.getMonth() + 1)}-${p(v.getDate())}T${p(v.getHours())}:${p(v.getMinutes())}:${p(v.getSeconds())}`;
  }
  if (typeof v === 'string' && v.trim()) {
    // EXIF dates are "YYYY:MM:DD HH:MM:SS" without a zone when exifr cannot revive them
    const m = /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(v.trim());
    if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
  }
  return null;
}

function number(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Read EXIF, IPTC and XMP with exifr. Metadata is a bonus: a file whose
 * metadata cannot be parsed still imports, with empty fields.
 */
export async function readMetadata(bytes: Buffer): Promise<CaptureMetadata> {
  let raw: Record<string, unknown> | undefined;
  try {
    raw = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, iptc: true, xmp: true, icc: false, jfif: false, ihdr: false, mergeOutput: true, translateValues: true, reviveValues: true })) as Record<string, unknown> | undefined;
  } catch {
    return EMPTY_METADATA;
  }
  if (!raw) return EMPTY_METADATA;
  const make = text(raw.Make);
  const model = text(raw.Model);
  const camera = make && model && !model.toLowerCase().startsWith(make.toLowerCase()) ? `${make} ${model}` : (model ?? make);
  const extra: Record<string, unknown> = {};
  for (const k of EXTRA_FIELDS) {
    const v = raw[k];
    if (v != null && (typeof v !== 'object' || Array.isArray(v) || 'value' in (v as object))) extra[k] = typeof v === 'object' ? text(v) : v;
  }
  return {
    capturedAt: date(raw.DateTimeOriginal) ?? date(raw.CreateDate) ?? date(raw.DateCreated) ?? date(raw.ModifyDate),
    camera,
    gpsLat: number(raw.latitude),
    gpsLon: number(raw.longitude),
    description: text(raw.ImageDescription) ?? text(raw.description) ?? text(raw['Caption-Abstract']) ?? text(raw.Caption),
    keywords: list(raw.Keywords ?? raw.subject),
    copyright: text(raw.Copyright) ?? text(raw.CopyrightNotice) ?? text(raw.rights),
    extra: Object.keys(extra).length ? extra : null,
  };
}
