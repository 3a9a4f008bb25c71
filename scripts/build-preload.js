// Sandboxed preloads cannot import modules, so the preload (with the contract
// it validates names against) is bundled into one CommonJS file.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
