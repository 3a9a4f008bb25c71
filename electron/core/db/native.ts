import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../app/paths.js';

/**
 * better-sqlite3 is not N-API: its compiled addon is tied to one ABI. Plain
 * Node (CLI, tests, workers) uses the copy npm built in node_modules; Electron
 * uses a second copy built for its own ABI by `npm run native:electron` and
 * kept in native/electron-abi<N>/ (passed through the `nativeBinding` option).
 */
export function electronBindingPath(modulesAbi: string = process.versions.modules): string {
  return path.join(APP_ROOT, 'native', `electron-abi${modulesAbi}`, 'better_sqlite3.node');
}

export function nativeBindingForRuntime(): string | undefined {
  if (!process.versions.electron) return undefined;
  const candidates = [
    process.env.CANTING_SQLITE_BINDING,
    electronBindingPath(),
    // electron-builder unpacks native modules from asar next to it
    electronBindingPath().replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`),
  ].filter((p): p is string => !!p);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      `No better-sqlite3 build for Electron's ABI ${process.versions.modules}. Run "npm run native:electron" (needs network access to download Electron headers or prebuilt binaries).`,
    );
  }
  return found;
}
