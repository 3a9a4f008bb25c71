import { isCutShort } from './cut-short.js';

/**
 * Human reasons for files that could not be imported. Archive staff read
 * these in the error list, so they say what is wrong with the file and, where
 * it helps, what to do — not a stack trace.
 */
export class FileProblem extends Error {}

const TRUNCATED = 'the image is truncated (incomplete file): its end is missing, as if the copy or download was cut off';
const DAMAGED = 'the image is damaged and cannot be decoded';

/**
 * Why a file that was read whole could not be decoded. The decoder's own message is not used:
 * libvips shares one error buffer between all files decoding at once, so the same file would get
 * "premature end of JPEG" in one run and "Unknown error" in the next (cut-short.ts).
 */
export function undecodable(bytes: Buffer, err: unknown): Error {
  // sharp's own refusals (pixel limit) are not decoder messages and do not race
  if (err instanceof FileProblem || /pixel limit/i.test((err as Error)?.message ?? '')) return err as Error;
  return new FileProblem(isCutShort(bytes) ? TRUNCATED : DAMAGED);
}

export function megapixels(pixels: number): string {
  return `${(pixels / 1e6).toFixed(pixels < 1e6 ? 2 : 0)} megapixels`;
}

export function describeFileError(err: unknown): string {
  if (err instanceof FileProblem) return err.message;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'the file is gone: it was moved or deleted during the import (or is a broken shortcut)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: this account may not read the file';
    case 'ENAMETOOLONG':
      return 'the path is too long for this system to open';
    case 'EISDIR':
      return 'this is a folder, not a file';
    case 'EIO':
      return 'the disk reported a read error (damaged disk or disconnected drive)';
    case 'ELOOP':
      return 'a shortcut (symbolic link) that points to itself';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files open at once; import this file again';
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/unsupported image format/i.test(message)) return 'not an image, or an image format Canting cannot read';
  if (/pixel limit/i.test(message)) return 'the image has too many pixels to open safely';
  if (/premature end|truncated|unexpected end|end of (file|stream)|not enough data|read error|incomplete/i.test(message)) {
    return `the image is truncated (incomplete file): ${firstLine(message)}`;
  }
  return `the image is damaged and cannot be decoded: ${firstLine(message)}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim().slice(0, 200);
}

/**
 * A stable code for each kind of reason, so the interface can say it in the
 * user's language. Matched on the fixed beginnings of the reasons above (and
 * in analyse.ts/scan.ts/pool.ts); anything else is "other" and shown as is.
 */
const REASON_PATTERNS: [RegExp, string][] = [
  [/^the file is empty/, 'empty'],
  [/^the image is truncated/, 'truncated'],
  [/^the image is damaged|^the image has no size/, 'damaged'],
  [/^not an image/, 'not_image'],
  [/^not a supported photo format|^HEIC/, 'unsupported_format'],
  [/^too many pixels|^the image has too many pixels/, 'too_many_pixels'],
  [/^the file is gone/, 'gone'],
  [/^permission denied/, 'permission'],
  [/^the path is too long/, 'path_too_long'],
  [/^cannot open this folder/, 'folder_unreadable'],
  [/^the disk reported a read error/, 'disk_error'],
  [/^the image decoder stopped/, 'decoder_crashed'],
  [/^not a regular file|^this is a folder/, 'not_a_file'],
];

/**
 * The particulars a reason names beyond its kind, for the interface to say it in the user's
 * language (import.reasonText.<code>, with the context "sized" or "named" when they are there).
 */
export function reasonParams(reason: string): Record<string, string> {
  const pixels = /^too many pixels: (\d+) × (\d+) = ([\d.]+) megapixels, over the limit of ([\d.]+) megapixels/.exec(reason);
  if (pixels) return { width: pixels[1], height: pixels[2], megapixels: pixels[3], limit: pixels[4] };
  const format = /^not a supported photo format \(([^)]+)\)/.exec(reason);
  if (format) return { format: format[1] };
  return {};
}

export const REASON_CODES = [...REASON_PATTERNS.map(([, code]) => code), 'other'] as const;

export function reasonCode(reason: string): string {
  return REASON_PATTERNS.find(([re]) => re.test(reason))?.[1] ?? 'other';
}

/**
 * The order kinds are listed in: photos that are really broken first, files that were never
 * photos (a README, a spreadsheet in the box folder) last, so in a big archive the few that
 * matter are not drowned. Kinds not listed (other) come just before not_image.
 */
const REASON_ORDER = [
  'damaged',
  'truncated',
  'empty',
  'decoder_crashed',
  'unsupported_format',
  'too_many_pixels',
  'disk_error',
  'gone',
  'permission',
  'folder_unreadable',
  'path_too_long',
  'not_a_file',
  'other',
  'not_image',
];

export function reasonRank(code: string): number {
  const i = REASON_ORDER.indexOf(code);
  return i < 0 ? REASON_ORDER.indexOf('other') : i;
}
