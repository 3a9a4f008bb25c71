// Builds better-sqlite3 for Electron's ABI into native/electron-abi<N>/, apart
// from the Node-ABI copy in node_modules that the CLI and tests use. Electron
// loads it through better-sqlite3's `nativeBinding` option.
//
// npm's `nodedir` setting (set on some machines) makes node-gyp build against
// Node's headers even when asked for Electron: we clear it and then check the
// ABI of what was built instead of trusting the tool.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinaryPath } from './electron-binary.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const abi = fs.readFileSync(path.join(root, 'node_modules/electron/abi_version'), 'utf8').trim();
const outDir = path.join(root, 'native', `electron-abi${abi}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'canting-native-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
const env = { ...process.env };
for (const k of Object.keys(env)) if (k.toLowerCase() === 'npm_config_nodedir') delete env[k];

fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), path.join(work, 'better-sqlite3'), { recursive: true });
const pkgDir = path.join(work, 'better-sqlite3');
fs.rmSync(path.join(pkgDir, 'build'), { recursive: true, force: true });

// 1) a prebuilt binary for this Electron, 2) otherwise compile against Electron's headers.
let ok =
  spawnSync(process.execPath, [path.join(root, 'node_modules/prebuild-install/bin.js'), '--runtime=electron', `--target=${electronVersion}`], {
    cwd: pkgDir,
    env,
    stdio: 'inherit',
  }).status === 0;
if (!ok) {
  ok =
    spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/node-gyp/bin/node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--nodedir='],
      { cwd: pkgDir, env, stdio: 'inherit' },
    ).status === 0;
}
const built = path.join(pkgDir, 'build/Release/better_sqlite3.node');
if (!ok || !fs.existsSync(built)) {
  console.error(`Could not build better-sqlite3 for Electron ${electronVersion} (ABI ${abi}): this needs network access to Electron's headers or prebuilt binaries.`);
  process.exit(1);
}
// Check what we got: loading it in Electron (as Node) must succeed.
const exe = electronBinaryPath();
if (exe) {
  const probe = spawnSync(exe, ['-e', `require(${JSON.stringify(built)}); console.log('ok')`], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
  if (!probe.stdout.includes('ok')) {
    console.error(`The build does not load in Electron (wrong ABI?):\n${probe.stderr}`);
    process.exit(1);
  }
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(built, path.join(outDir, 'better_sqlite3.node'));
console.log(`better-sqlite3 for Electron ${electronVersion} → ${path.relative(root, outDir)}`);
