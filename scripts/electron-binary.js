// Where the Electron binary is, without triggering Electron's lazy download.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

export function electronBinaryPath() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const exe = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist'), fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(exe) ? exe : null;
}

export function electronInstaller() {
  return path.join(electronDir, 'install.js');
}
