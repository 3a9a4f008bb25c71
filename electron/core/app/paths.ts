import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json, migrations/ and models/. Found by walking
 * up from this file, so it is the same whether code runs from source (tests,
 * tsx), from dist/ (CLI, Electron) or from inside an asar archive.
 */
function findAppRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'canting') return dir;
      } catch {
        // not ours, keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Canting: cannot find the application folder (package.json)');
    dir = parent;
  }
}

export const APP_ROOT = findAppRoot();
export const MIGRATIONS_DIR = path.join(APP_ROOT, 'migrations');
/** Bundled models: in a packaged app they are extra resources next to the asar. */
export const MODELS_DIR = process.env.CANTING_MODELS_DIR ?? path.join(APP_ROOT, 'models');
export const RENDERER_DIR = path.join(APP_ROOT, 'dist', 'renderer');

export const APP_VERSION: string = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')).version;
