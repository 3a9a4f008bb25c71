#!/usr/bin/env node
// The CLI runs the compiled core (built by `npm install` through "prepare").
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('Canting is not built yet. Run "npm install" (or "npm run build") in the Canting folder first.');
  process.exit(1);
}
await import(entry.href);
