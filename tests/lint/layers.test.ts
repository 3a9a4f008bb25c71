import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering rule (eslint/layers.js) as `npm run lint` applies it: each
 * case is a one-line file placed where a developer would write it, linted
 * with the project's own configuration.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: path.resolve('.') });
});

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: path.resolve(file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering rule', () => {
  it('refuses a sideways import between core feature folders', async () => {
    const messages = await restricted('electron/core/knowledge/fixture.ts', "import { x } from '../export/csv.js';");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('core/knowledge may not import this core folder sideways');
  });

  it('allows the edges the table declares', async () => {
    expect(await restricted('electron/core/knowledge/fixture.ts', "import { x } from '../review/history.js';")).toEqual([]);
    expect(await restricted('electron/core/review/fixture.ts', "import { x } from '../catalogue/audit.js';")).toEqual([]);
    expect(await restricted('electron/core/models/fixture.ts', "import { x } from '../classify/backbone-info.js';")).toEqual([]);
    expect(await restricted('electron/core/knowledge/fixture.ts', "import { x } from '../../common/errors.js';")).toEqual([]);
    expect(await restricted('electron/core/api/handlers/fixture.ts', "import { x } from '../../export/csv.js';")).toEqual([]);
  });

  it('refuses the sideways edges the orchestration layer replaced', async () => {
    // Each was allowed once: a feature importing another feature or the app context.
    const removed: [string, string][] = [
      ['electron/core/catalogue/fixture.ts', '../review/decide.js'],
      ['electron/core/learn/fixture.ts', '../review/query.js'],
      ['electron/core/models/fixture.ts', '../learn/vectors.js'],
      ['electron/core/models/fixture.ts', '../classify/job.js'],
      ['electron/core/models/fixture.ts', '../importer/hash.js'],
      ['electron/core/classify/fixture.ts', '../learn/registry.js'],
      ['electron/core/classify/fixture.ts', '../importer/job.js'],
      ['electron/core/importer/fixture.ts', '../app/context.js'],
      ['electron/core/learn/fixture.ts', '../app/context.js'],
      ['electron/core/export/fixture.ts', '../review/decide.js'],
      ['electron/core/learn/fixture.ts', '../workflows/first-model.js'],
    ];
    for (const [file, target] of removed) {
      expect(await restricted(file, `import { x } from '${target}';`), `${file} → ${target}`).toHaveLength(1);
    }
  });

  it('lets the orchestration layer use the features it joins', async () => {
    const file = 'electron/core/workflows/fixture.ts';
    for (const target of ['../learn/activation.js', '../classify/job.js', '../models/store.js', '../importer/hash.js', '../jobs/services.js']) {
      expect(await restricted(file, `import { x } from '${target}';`), target).toEqual([]);
    }
    expect(await restricted(file, "import { x } from '../app/context.js';")).toHaveLength(1);
  });

  it('lets every core folder use app/paths.js but only the declared ones use the app context', async () => {
    expect(await restricted('electron/core/review/fixture.ts', "import { x } from '../app/paths.js';")).toEqual([]);
    expect(await restricted('electron/core/review/fixture.ts', "import { x } from '../app/context.js';")).toHaveLength(1);
  });

  it('keeps the core free of transports and Electron', async () => {
    expect(await restricted('electron/core/review/fixture.ts', "import { x } from '../../server/http.js';")).toHaveLength(1);
    expect(await restricted('electron/core/review/fixture.ts', "import { x } from 'electron';")).toHaveLength(1);
  });

  it('keeps the contract below everything', async () => {
    expect(await restricted('electron/common/contract/fixture.ts', "import { x } from '../../core/app/context.js';")).toHaveLength(1);
    expect(await restricted('electron/common/fixture.ts', "import { x } from './errors.js';")).toEqual([]);
  });

  it('lets the renderer reach the core only through the contract', async () => {
    const file = 'renderer/src/features/review/fixture.ts';
    expect(await restricted(file, "import { x } from '../../../../electron/core/review/decide.js';")).toHaveLength(1);
    expect(await restricted(file, "import { x } from '../../../../electron/common/contract/index.js';")).toEqual([]);
  });

  it('refuses an undeclared import between renderer features', async () => {
    expect(await restricted('renderer/src/features/review/fixture.ts', "import { x } from '../learn/ModelsPanel.js';")).toHaveLength(1);
    expect(await restricted('renderer/src/features/learn/fixture.ts', "import { x } from '../review/openInGrid.js';")).toEqual([]);
  });
});
