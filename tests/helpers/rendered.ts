import fs from 'node:fs';
import path from 'node:path';
import { RENDERER_DIR } from '../../electron/core/app/paths.js';

/** Browser tests drive the built renderer; `npm test` builds it first. */
export function rendererBuilt(): boolean {
  return fs.existsSync(path.join(RENDERER_DIR, 'index.html'));
}
