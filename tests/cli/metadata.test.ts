import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { images, review } from '../core/export/fixture.js';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('canting metadata', () => {
  async function catalogue() {
    const dir = tempDir();
    const db = path.join(dir, 'c.sqlite');
    const ctx = await createAppContext(db);
    await images(ctx.db, path.join(dir, 'foto'), ['kawung/001.jpg', 'parang/001.jpg', 'parang/002.jpg']);
    await closeAppContext(ctx);
    return { dir, db, csv: path.join(dir, 'katalog.csv') };
  }

  it('dry-runs a Windows-1252 sheet listing matched, ambiguous and unmatched rows, then refuses it whole', async () => {
    const { db, csv } = await catalogue();
    fs.writeFileSync(csv, iconv.encode('Berkas;No. Inv;Judul;Motif\r\n002.jpg;INV-2;Parang – Solo ©;parang\r\n001.jpg;INV-1;?;kawung\r\nx.jpg;INV-9;;\r\n', 'win1252'));
    const dry = await canting('metadata', 'import', '--db', db, '--csv', csv, '--match', 'file-name', '--map', 'No. Inv=identifier', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run, nothing written');
    expect(dry.stdout).toContain('(windows-1252)');
    expect(dry.stdout).toMatch(/row 2: .*parang\/002\.jpg/);
    expect(dry.stdout).toMatch(/Ambiguous 1 row\(s\)[^\n]*\n {2}row 3: 001\.jpg → .*kawung\/001\.jpg, .*parang\/001\.jpg/);
    expect(dry.stdout).toMatch(/Unmatched 1 row\(s\)[^\n]*\n {2}row 4: x\.jpg/);
    const refused = await canting('metadata', 'import', '--db', db, '--csv', csv, '--match', 'file-name', '--map', 'No. Inv=identifier');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Nothing was imported: 1 row(s) cannot be applied: row 3: "001.jpg" matches 2 photos');
    const badMatch = await canting('metadata', 'import', '--db', db, '--csv', csv, '--match', 'nama');
    expect(badMatch.stderr).toContain('--match is one of file-name, path, sha256, identifier, not "nama"');
  }, 300_000);

  it('imports a sheet with --map and undoes the import as a whole', async () => {
    const { db, csv } = await catalogue();
    fs.writeFileSync(csv, iconv.encode('Berkas;No. Inv;Judul;Motif\r\n002.jpg;INV-2;Parang – Solo ©;parang\r\n', 'win1252'));
    const done = await canting('metadata', 'import', '--db', db, '--csv', csv, '--match', 'file-name', '--map', 'No. Inv=identifier', '--json');
    expect(done.code).toBe(0);
    const r = lastJson(done.stdout);
    expect(r).toMatchObject({ dryRun: false, fields: 2, hints: 1, columns: [{ column: 'No. Inv', field: 'identifier' }, { column: 'Judul', field: 'title' }, { column: 'Motif', field: 'label:motif' }] });
    const check = await createAppContext(db);
    expect(check.db.prepare("SELECT value FROM record_metadata WHERE field = 'title'").pluck().all()).toEqual(['Parang – Solo ©']);
    await closeAppContext(check);
    const undone = await canting('metadata', 'undo', String(r.importId), '--db', db);
    expect(undone.stdout).toContain(`Undid import #${r.importId}: 3 value(s) restored`);
    const again = await canting('metadata', 'undo', String(r.importId), '--db', db);
    expect(again.stderr).toContain('was already undone');
  }, 300_000);

  it('export xmp writes sidecars into a mirror folder and refuses one inside an import folder', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'c.sqlite');
    const root = path.join(dir, 'foto');
    const ctx = await createAppContext(db);
    const [id] = await images(ctx.db, root, ['kawung/001.jpg']);
    review(ctx.db, id, 'motif', { status: 'validated', label: 'kawung' });
    await closeAppContext(ctx);
    const inside = await canting('export', 'xmp', '--db', db, '--out', path.join(root, 'xmp'));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain(`is inside ${root}, a folder imported into this catalogue`);
    const out = path.join(dir, 'xmp');
    const done = await canting('export', 'xmp', '--db', db, '--out', out, '--language', 'both');
    expect(done.stdout).toContain(`Wrote XMP for 1 photo(s) as sidecars in ${out}`);
    const xml = fs.readFileSync(path.join(out, 'foto', 'kawung', '001.xmp'), 'utf8');
    expect(xml).toContain('Batik|Motif|Kawung');
    expect(xml).toContain('Batik/Motif/Kawung');
  }, 300_000);
});
