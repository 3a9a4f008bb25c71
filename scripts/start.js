// `npm start`: build, then open the desktop app; where Electron's binary cannot
// be had (offline build machines), say so in one line and serve the browser mode.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath, electronInstaller } from './electron-binary.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (run('npm', ['run', 'build', '--silent']).status !== 0) process.exit(1);

let exe = electronBinaryPath();
if (!exe) {
  // Electron downloads its binary lazily; try once, quietly, with a time limit.
  run(process.execPath, [electronInstaller()], { stdio: 'ignore', timeout: 180_000 });
  exe = electronBinaryPath();
}
const args = process.argv.slice(2);
if (exe) {
  const abi = spawnSync(exe, ['-e', 'console.log(process.versions.modules)'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' }).stdout.trim();
  if (!fs.existsSync(path.join(root, 'native', `electron-abi${abi}`, 'better_sqlite3.node'))) {
    run('npm', ['run', 'native:electron', '--silent']);
  }
  const child = spawn(exe, [path.join(root, 'dist/electron/main/main.js'), ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not installed (no network to download it): starting the browser mode instead.');
  const child = spawn(process.execPath, [path.join(root, 'bin/canting.js'), 'serve', ...args], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
