import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../common/errors.js';

/** One `--map /server/path=/local/path`: where this machine sees a folder of the server's shared storage. */
export interface PathMapping {
  /** The server's folder, with forward slashes and no trailing one (a server on Windows writes D:/arsip). */
  server: string;
  /** This machine's folder, absolute. */
  local: string;
}

const slashes = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');

/** Parse `--map` values (`SERVER=LOCAL`, both absolute). */
export function parseMappings(values: string[]): PathMapping[] {
  return values.map((value) => {
    const eq = value.indexOf('=');
    const raw = eq > 0 ? value.slice(0, eq) : '';
    const server = raw === '/' ? '/' : slashes(raw);
    const local = eq > 0 ? value.slice(eq + 1) : '';
    const absoluteServer = server.startsWith('/') || /^[A-Za-z]:\//.test(server);
    if (!server || !local || !absoluteServer || !path.isAbsolute(local)) {
      throw new ApiError('invalid_input', `--map takes /server/folder=/local/folder, both absolute, not "${value}"`);
    }
    return { server, local: path.resolve(local) };
  });
}

/**
 * Where this machine reads a file the server names, or null when no mapping
 * covers it (then the worker fetches it over the API). The part below the
 * mapped folder may not climb out of it (`..`), and the file found may not
 * lead out of the local folder through a symbolic link.
 */
export async function mapServerPath(mappings: PathMapping[], serverPath: string): Promise<string | null> {
  const wanted = slashes(serverPath);
  const match = mappings
    .filter((m) => wanted === m.server || wanted.startsWith(m.server === '/' ? '/' : `${m.server}/`))
    .sort((a, b) => b.server.length - a.server.length)[0];
  if (!match) return null;
  const rest = wanted.slice(match.server.length).split('/').filter(Boolean);
  if (rest.some((part) => part === '..' || part === '.')) {
    throw new ApiError('forbidden', `${serverPath} climbs out of the mapped folder ${match.server}`);
  }
  const file = path.join(match.local, ...rest);
  const [realRoot, realFile] = await Promise.all([fs.realpath(match.local), fs.realpath(file)]);
  if (realFile !== realRoot && !realFile.startsWith(realRoot + path.sep)) {
    throw new ApiError('forbidden', `${file} leads out of the mapped folder ${match.local} (a symbolic link)`);
  }
  return realFile;
}
