import path from 'node:path';
import { ApiError } from '../../common/errors.js';

/**
 * Paths that reach the core through the API (to read or to write) must be
 * absolute: a relative one would be looked up in whatever folder the app or
 * `canting serve` happened to start in, which is never what a person typing
 * it meant ("../x.csv" wrote one folder above it). The CLI resolves its
 * arguments against the shell's folder before calling the core.
 * Returns the path normalised ("/a/b/../c" → "/a/c").
 */
export function requireAbsolutePath(p: string): string {
  if (!path.isAbsolute(p)) {
    throw new ApiError('invalid_input', `Give the full path of "${p}" (for example ${path.resolve('/', 'photos', p)}): a relative path would be read from the folder Canting was started in, ${process.cwd()}`).translated(
      'relativePath',
      { path: p },
    );
  }
  return path.resolve(p);
}
