import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasOnnxRuntime, onnxRuntimeNote } from '../helpers/onnxruntime.js';

/**
 * electron-builder.yml ships only the target's onnxruntime-node binaries
 * (the package holds every platform's, ~250 MB), checked with
 * electron-builder's own node_modules matcher (app-builder-lib), as a build would
 * filter them, and unpacks them from the asar archive (a native library cannot load from inside it).
 */
const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');

function kept(platform: 'linux' | 'win' | 'mac', arch: string): string[] {
  const yaml = require('js-yaml') as { load(s: string): Record<string, { files?: string[] } & Record<string, unknown>> };
  const { getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js');
  const { expandMacro } = require('app-builder-lib/out/util/macroExpander.js');
  const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  const matcher = getNodeModuleFileMatcher(root, '/out', (p: string) => expandMacro(p, arch, {}, {}), config[platform], { config, debugLogger: { isEnabled: false } });
  const filter = matcher.createFilter() as (file: string, stat: fs.Stats) => boolean;
  const pkg = path.join(root, 'node_modules/onnxruntime-node');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      // The copier descends only into directories the filter passes.
      if (!filter(p, fs.statSync(p))) continue;
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(path.join(pkg, 'bin'), p));
    }
  };
  walk(path.join(pkg, 'bin'));
  return out.sort();
}

describe.skipIf(!hasOnnxRuntime)(`packaged onnxruntime-node files (${onnxRuntimeNote})`, () => {
  it("keeps only the target platform's and architecture's native library", () => {
    expect(kept('linux', 'x64')).toEqual(['napi-v6/linux/x64/libonnxruntime.so.1', 'napi-v6/linux/x64/onnxruntime_binding.node']);
    expect(kept('linux', 'arm64').every((f) => f.startsWith('napi-v6/linux/arm64/'))).toBe(true);
    expect(kept('mac', 'arm64').every((f) => f.startsWith('napi-v6/darwin/arm64/'))).toBe(true);
    const win = kept('win', 'x64');
    expect(win).toContain('napi-v6/win32/x64/onnxruntime.dll');
    expect(win.every((f) => f.startsWith('napi-v6/win32/x64/'))).toBe(true);
  });

  it('unpacks them from the asar archive', () => {
    const config = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/asarUnpack:[\s\S]*- node_modules\/onnxruntime-node\/bin\/\*\*\/\*/);
  });
});
