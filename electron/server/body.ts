import type http from 'node:http';
import { ApiError } from '../common/errors.js';

/** The largest API request body taken (no call needs more: an id list of 100,000 images is under 1 MB). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/**
 * A body over the limit is still read to its end (and dropped), so the
 * client, which is still sending, gets the answer instead of a reset
 * connection; beyond this much the connection is closed instead.
 */
export const MAX_DISCARD_BYTES = 64 * 1024 * 1024;
/** Deepest nesting of arrays and objects taken; Canting's calls use a handful of levels. */
export const MAX_JSON_DEPTH = 64;

export type BodyResult =
  | { ok: true; input: unknown }
  /** `close`: the body was not read to its end, so the connection cannot carry another request. */
  | { ok: false; status: number; error: ApiError; close: boolean };

const MB = 1024 * 1024;

function tooLarge(size: number, close: boolean): BodyResult {
  const error = new ApiError('invalid_input', `The request is too large (over ${MAX_BODY_BYTES / MB} MB; ${Math.ceil(size / MB)} MB sent)`).translated('requestTooLarge', {
    max: MAX_BODY_BYTES / MB,
  });
  return { ok: false, status: 413, error, close };
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`: one pass over
 * the bytes, skipping strings. JSON.parse takes seconds on a few MB of
 * "[[[[…" (12 s for 6 MB), holding the whole server; this takes milliseconds.
 * Bytes of multi-byte UTF-8 characters are never '"', '\', brackets or braces.
 */
export function nestsDeeperThan(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (inString) {
      if (b === 0x5c) i++; // backslash: the next byte is escaped
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) {
      inString = true;
    } else if (b === 0x5b || b === 0x7b) {
      if (++depth > max) return true;
    } else if (b === 0x5d || b === 0x7d) {
      depth--;
    }
  }
  return false;
}

function readAll(req: http.IncomingMessage): Promise<{ body: Buffer | null; size: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_DISCARD_BYTES) return resolve({ body: null, size: declared, complete: false });
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(c);
      chunks.length = 0;
      if (size > MAX_DISCARD_BYTES) {
        req.off('data', onData);
        req.pause();
        resolve({ body: null, size, complete: false });
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve({ body: size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : null, size, complete: true }));
    req.on('error', reject);
  });
}

/** An API request's JSON input (an empty body is `{}`), or why it is refused, with the HTTP status to answer. */
export async function readJsonBody(req: http.IncomingMessage): Promise<BodyResult> {
  const { body, size, complete } = await readAll(req);
  if (!body) return tooLarge(size, !complete);
  const text = body.toString('utf8');
  if (!text.trim()) return { ok: true, input: {} };
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    const error = new ApiError('invalid_input', `The request nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; no Canting call takes that`).translated(
      'requestTooDeep',
      { max: MAX_JSON_DEPTH },
    );
    return { ok: false, status: 400, error, close: false };
  }
  try {
    return { ok: true, input: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, error: new ApiError('invalid_input', 'The request body is not valid JSON'), close: false };
  }
}
