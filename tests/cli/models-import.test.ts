import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMBEDDING_DIM } from '../../electron/core/classify/backbone-info.js';
import { createHead } from '../../electron/core/models/head.js';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { writeConverted } from '../core/models/converted.js';

// Each CLI run starts Node, tsx and TensorFlow.js: generous on a loaded 2-core machine.
const CLI_TIMEOUT_MS = 180_000;

describe('canting models import', () => {
  it('imports a tensorflowjs_converter folder with --labels and --model-version, and explains a missing --labels', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.sqlite');
    const head = path.join(dir, 'out');
    const model = createHead({ inputDim: EMBEDDING_DIM, classes: 4, seed: 2 });
    await writeConverted(head, model);
    model.dispose();

    const missing = await canting('models', 'import', head, '--facet', 'motif', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no manifest.json, so the order of its outputs is unknown');

    const ok = await canting('models', 'import', head, '--facet', 'motif', '--db', db, '--labels', 'kawung, Mega Mendung,parang,truntum', '--model-version', 'lab-head-1');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Imported lab-head-1 for motif; it is now the active model\n');

    const list = await canting('models', 'list', '--db', db, '--facet', 'motif', '--json');
    const imported = (lastJson(list.stdout) as { version: string }[]).find((m) => m.version === 'lab-head-1');
    expect(imported).toMatchObject({ source: 'imported', active: true, labels: ['kawung', 'megamendung', 'parang', 'truntum'] });
  }, CLI_TIMEOUT_MS);
});
