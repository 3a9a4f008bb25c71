/**
 * Whether a file stops before the end its own format announces (a copy or a
 * download cut off). Read from the bytes, not from the decoder's error text:
 * libvips keeps one error buffer for the whole process, so with several files
 * decoding at once a failing file's message may be taken by another or read as
 * "Unknown error", and the reason would depend on timing.
 *
 * Formats whose end cannot be checked cheaply (TIFF, AVIF) answer false.
 */
export function isCutShort(bytes: Buffer): boolean {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpegCutShort(bytes);
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return pngCutShort(bytes);
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return gifCutShort(bytes);
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return webpCutShort(bytes);
  return false;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Walks the header segments to the first scan, then looks for the end-of-image marker after it
 * (an EXIF thumbnail carries its own end marker in the header, so searching the whole file would
 * find that one in a cut photo).
 */
function jpegCutShort(bytes: Buffer): boolean {
  let at = 2;
  for (;;) {
    while (at < bytes.length && bytes[at] === 0xff && bytes[at + 1] === 0xff) at++; // fill bytes
    if (at + 4 > bytes.length) return true;
    if (bytes[at] !== 0xff) return false; // not a marker: damaged rather than cut
    const marker = bytes[at + 1];
    if (marker === 0xd9) return false;
    const length = bytes.readUInt16BE(at + 2);
    at += 2 + length;
    if (at > bytes.length) return true;
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
  }
  // In the scan data a 0xFF byte is always followed by 0x00 or a restart/scan marker, so FFD9 is the real end.
  return bytes.indexOf(END_OF_IMAGE, at) < 0;
}

const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

function pngCutShort(bytes: Buffer): boolean {
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    at += 12 + length;
    if (at > bytes.length) return true;
    if (type === 'IEND') return false;
  }
  return true;
}

function gifCutShort(bytes: Buffer): boolean {
  // The trailer byte ends every GIF; some writers pad zeros after it.
  let end = bytes.length - 1;
  while (end > 0 && bytes[end] === 0) end--;
  return bytes[end] !== 0x3b;
}

function webpCutShort(bytes: Buffer): boolean {
  return bytes.readUInt32LE(4) + 8 > bytes.length;
}
