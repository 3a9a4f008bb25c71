import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('canting facet', () => {
  it('creates a facet, adds a label, lists them, and refuses what the app refuses', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    await closeAppContext(await createAppContext(db));
    const made = await canting('facet', 'create', 'teknik', '--db', db, '--name-id', 'Teknik', '--name-en', 'Technique', '--label', 'Tulis', '--label', 'Cap', '--json');
    expect(made.code).toBe(0);
    expect(lastJson(made.stdout).labels.map((l: { name: string }) => l.name)).toEqual(['Tulis', 'Cap']);
    const added = await canting('facet', 'add-label', 'teknik', 'Kombinasi', '--db', db);
    expect(added.stdout).toContain('teknik\tTeknik / Technique\tTulis, Cap, Kombinasi');
    const list = await canting('facet', 'list', '--db', db);
    expect(list.stdout).toMatch(/^motif\t/m);
    expect(list.stdout).toMatch(/^teknik\t/m);

    const one = await canting('facet', 'create', 'warna', '--db', db, '--name-id', 'Warna', '--name-en', 'Colour', '--label', 'Sogan');
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('a facet needs at least two labels');
    const renamed = await canting('facet', 'rename-label', 'teknik', 'Cap', 'Batik Cap', '--db', db, '--json');
    expect(lastJson(renamed.stdout).labels.map((l: { key: string; name: string }) => [l.key, l.name])).toEqual([
      ['tulis', 'Tulis'],
      ['cap', 'Batik Cap'],
      ['kombinasi', 'Kombinasi'],
    ]);

    const same = await canting('facet', 'create', 'warna', '--db', db, '--name-id', 'Warna', '--name-en', 'Colour', '--label', 'Sogan', '--label', 'sogan');
    expect(same.stderr).toContain('"Sogan" and "sogan" are the same label');
  }, 120_000);
});
