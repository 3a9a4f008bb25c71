import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { closeAppContext } from '../../electron/core/app/create.js';
import { ATOM_ISAD_COLUMNS } from '../../electron/core/export/profiles/atom.js';
import { canting } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { iiifCatalogue } from '../core/export/iiif-fixture.js';

describe('canting export csv --profile and export iiif', () => {
  // Each run starts a Node process: the CLI's own behaviour only; the rest is in tests/core/export.
  it('writes the AtoM profile and a IIIF folder; a relative base URL exits 2 with a clear message and writes nothing', async () => {
    const { ctx, ids } = await iiifCatalogue();
    const db = ctx.cataloguePath;
    await closeAppContext(ctx);

    const csv = path.join(tempDir(), 'atom.csv');
    const atom = await canting('export', 'csv', '--db', db, '--out', csv, '--profile', 'atom', '--parent-per-root', '--subject-language', 'both');
    expect(atom.stderr).toBe('');
    expect(atom.code).toBe(0);
    const rows = parse(fs.readFileSync(csv), { bom: true }) as string[][];
    expect(rows[0]).toEqual([...ATOM_ISAD_COLUMNS]);
    expect(rows).toHaveLength(1 + 2 + 3);

    const out = path.join(tempDir(), 'iiif');
    const iiif = await canting('export', 'iiif', '--db', db, '--out', out, '--base-url', 'https://museum.example/iiif', '--json');
    expect(iiif.stderr).toBe('');
    expect(iiif.code).toBe(0);
    expect(JSON.parse(iiif.stdout)).toMatchObject({ out, baseUrl: 'https://museum.example/iiif', manifests: 3, collections: 3, skipped: [] });
    expect(fs.readdirSync(path.join(out, 'manifests')).sort()).toEqual(ids.map((id) => `${id}.json`).sort());

    const bad = path.join(tempDir(), 'iiif');
    const relative = await canting('export', 'iiif', '--db', db, '--out', bad, '--base-url', 'iiif/batik');
    expect(relative.code).toBe(2);
    expect(relative.stderr).toMatch(/^canting: The base URL "iiif\/batik" is not an absolute http\(s\) address/);
    expect(fs.existsSync(bad)).toBe(false);
  }, 240_000);
});
