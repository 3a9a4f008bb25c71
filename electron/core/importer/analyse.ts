import fs from 'node:fs/promises';
import sharp from 'sharp';
import { sha256 } from './hash.js';
import { readMetadata, type CaptureMetadata } from './metadata.js';
import { describeFileError, FileProblem, megapixels, undecodable } from './reasons.js';
import { renderThumbnail, type Rendered } from './thumbnail.js';

/**
 * Images over this many pixels are refused before decoding (decompression
 * bombs: a few kilobytes of PNG can claim gigapixels). 250 MP leaves room for
 * high-resolution scans of whole batik cloths (e.g. 20,000 × 12,000).
 */
export const DEFAULT_MAX_PIXELS = 250_000_000;

export const SUPPORTED_FORMATS = ['jpeg', 'png', 'webp', 'tiff', 'gif', 'avif'] as const;
export type ImageFormat = (typeof SUPPORTED_FORMATS)[number];

export interface AnalyseTask {
  key: number;
  path: string;
  /** Size and mtime the catalogue already has for this path: if both match, the file is not read. */
  known?: { size: number; mtimeMs: number } | null;
  maxPixels: number;
}

export interface AnalysedImage {
  key: number;
  kind: 'image';
  sha256: string;
  size: number;
  mtimeMs: number;
  width: number;
  height: number;
  format: ImageFormat;
  phash: string;
  thumbnail: Rendered['thumbnail'];
  metadata: CaptureMetadata;
}

export type AnalyseResult =
  | AnalysedImage
  | { key: number; kind: 'unchanged'; size: number; mtimeMs: number }
  | { key: number; kind: 'failed'; reason: string };

/** sharp's format name → ours; AVIF is reported as HEIF with AV1 compression. */
function formatOf(meta: sharp.Metadata): ImageFormat {
  const f = meta.format as string;
  if (f === 'heif') {
    if (meta.compression === 'av1') return 'avif';
    throw new FileProblem('HEIC/HEIF photos are not supported; convert them to JPEG first');
  }
  if (f === 'jpg') return 'jpeg';
  if ((SUPPORTED_FORMATS as readonly string[]).includes(f)) return f as ImageFormat;
  throw new FileProblem(`not a supported photo format (${f}); Canting imports JPEG, PNG, WebP, TIFF, GIF and AVIF`);
}

async function readFile(file: string, known: AnalyseTask['known']): Promise<{ bytes: Buffer | null; size: number; mtimeMs: number }> {
  const fh = await fs.open(file, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new FileProblem('not a regular file (device, pipe or socket)');
    const mtimeMs = Math.trunc(st.mtimeMs);
    if (known && known.size === st.size && known.mtimeMs === mtimeMs) return { bytes: null, size: st.size, mtimeMs };
    if (st.size === 0) throw new FileProblem('the file is empty (0 bytes)');
    return { bytes: await fh.readFile(), size: st.size, mtimeMs };
  } finally {
    await fh.close();
  }
}

/**
 * Everything the catalogue needs from one file, computed off the main thread:
 * content hash, format and size, perceptual hash, thumbnail and capture
 * metadata. The file is opened read-only and never written.
 */
export async function analyseFile(task: AnalyseTask): Promise<AnalyseResult> {
  const { key } = task;
  try {
    const { bytes, size, mtimeMs } = await readFile(task.path, task.known);
    if (!bytes) return { key, kind: 'unchanged', size, mtimeMs };
    return await analyseBytes(key, bytes, { size, mtimeMs }, task.maxPixels);
  } catch (err) {
    return { key, kind: 'failed', reason: describeFileError(err) };
  }
}

/**
 * The same analysis of bytes already read (a queue worker that fetched the
 * file from the server); `file` is what the caller knows of it on disk.
 */
export async function analyseBytes(key: number, bytes: Buffer, file: { size: number; mtimeMs: number }, maxPixels: number): Promise<AnalyseResult> {
  const { size, mtimeMs } = file;
  const task = { maxPixels };
  try {
    if (bytes.length === 0) throw new FileProblem('the file is empty (0 bytes)');
    let meta: sharp.Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (err) {
      if (/unsupported image format/i.test((err as Error).message)) throw new FileProblem('not an image (its content is not JPEG, PNG, WebP, TIFF, GIF or AVIF)');
      throw undecodable(bytes, err);
    }
    const format = formatOf(meta);
    const width = meta.autoOrient?.width ?? meta.width ?? 0;
    const height = meta.autoOrient?.height ?? meta.height ?? 0;
    if (!width || !height) throw new FileProblem('the image has no size (damaged header)');
    if (width * height > task.maxPixels) {
      throw new FileProblem(
        `too many pixels: ${width} × ${height} = ${megapixels(width * height)}, over the limit of ${megapixels(task.maxPixels)} (protection against decompression bombs)`,
      );
    }
    const rendered = await renderThumbnail(bytes, task.maxPixels).catch((err: unknown) => {
      throw undecodable(bytes, err);
    });
    const metadata = await readMetadata(bytes);
    return { key, kind: 'image', sha256: sha256(bytes), size, mtimeMs, width, height, format, phash: rendered.phash, thumbnail: rendered.thumbnail, metadata };
  } catch (err) {
    return { key, kind: 'failed', reason: describeFileError(err) };
  }
}
