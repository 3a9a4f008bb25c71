import iconv from 'iconv-lite';
import { ApiError } from '../../common/errors.js';

import type { SheetEncoding } from '../../common/contract/index.js';

/** Bytes cp1252 leaves undefined; iconv-lite turns them into U+FFFD. */
const UNDEFINED_1252 = /\uFFFD/;

/**
 * A spreadsheet's bytes as text. Asked for nothing, valid UTF-8 (with or
 * without BOM) is UTF-8 and anything else is read as Windows-1252, what Excel
 * writes as "CSV" on a Windows machine: the strict UTF-8 check is decisive on
 * any accented letter, where chardet guesses on short samples. A file that is
 * not valid in the encoding asked for (or detected) is refused rather than
 * read with replacement characters that would land in the catalogue.
 */
export function decodeSheet(bytes: Buffer, asked?: SheetEncoding): { text: string; encoding: SheetEncoding } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = () => {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return null;
    }
  };
  if (asked === 'utf-8' || (!asked && hasBom)) {
    const text = utf8();
    if (text === null) {
      throw new ApiError('invalid_input', 'The spreadsheet is not valid UTF-8; if Excel saved it on Windows, choose the encoding windows-1252').translated(
        'sheetNotUtf8',
      );
    }
    return { text, encoding: 'utf-8' };
  }
  if (!asked) {
    const text = utf8();
    if (text !== null) return { text, encoding: 'utf-8' };
  }
  const text = iconv.decode(bytes, 'win1252');
  if (UNDEFINED_1252.test(text)) {
    throw new ApiError('invalid_input', 'The spreadsheet is neither UTF-8 nor Windows-1252 (it has bytes Windows-1252 does not define); save it again as "CSV UTF-8"').translated(
      'sheetUndecodable',
    );
  }
  return { text, encoding: 'windows-1252' };
}
