import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../electron/core/app/paths.js';
import { cantingWithEnv } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('canting and the models shipped with it', () => {
  it('warns once, before the command’s own output, when a shipped model is damaged; the command still runs', async () => {
    const modelsDir = tempDir();
    fs.cpSync(path.join(MODELS_DIR, 'motif'), path.join(modelsDir, 'motif'), { recursive: true });
    fs.truncateSync(path.join(modelsDir, 'motif', 'weights.bin'), 1000);
    const db = path.join(tempDir(), 'c.sqlite');
    const listed = await cantingWithEnv({ CANTING_MODELS_DIR: modelsDir }, 'models', 'list', '--db', db);
    expect(listed.code).toBe(0);
    const warnings = listed.stderr.split('\n').filter((l) => l.startsWith('canting: warning:'));
    expect(warnings).toEqual([expect.stringMatching(/^canting: warning: The model shipped with Canting in models\/motif is damaged and was not registered: .+ Reinstall Canting/)]);
    expect(listed.stderr).not.toContain(modelsDir);
  }, 120_000);
});
