import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { canting } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { addModel, images, predict, review } from '../core/export/fixture.js';

/** A catalogue file with 6 motif images: 4 validated, 1 rejected, 1 predicted only. */
async function catalogueFile() {
  const dir = tempDir();
  const db = path.join(dir, 'katalog.sqlite');
  const root = tempDir('canting-photos-');
  const ctx = await createAppContext(db);
  try {
    const ids = await images(ctx.db, root, ['k1.jpg', 'k2.jpg', 'p1.jpg', 'p2.jpg', 'x.jpg', 'ꦩꦼꦒ 🌧.jpg']);
    const m = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'parang', 'megamendung']);
    const labels = ['kawung', 'kawung', 'parang', 'parang', 'parang', 'megamendung'];
    ids.forEach((id, i) => predict(ctx.db, id, 'motif', m, labels[i], 0.9));
    for (const i of [0, 1, 2, 3]) review(ctx.db, ids[i], 'motif', { status: 'validated', label: labels[i], validator: 'Sari' });
    review(ctx.db, ids[4], 'motif', { status: 'rejected', validator: '=Budi' });
  } finally {
    await closeAppContext(ctx);
  }
  return { db };
}

describe('canting export', () => {
  // Each run starts a Node process (several seconds on a loaded machine): the CLI's own behaviour only; the rest is in tests/core/export.
  it('csv and json: whole catalogue or a facet/status filter; bad input exits non-zero with a clear message', async () => {
    const { db } = await catalogueFile();
    const out = path.join(tempDir(), 'katalog.csv');
    const all = await canting('export', 'csv', '--db', db, '--out', out);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`Wrote 6 image(s) to ${out}`);
    const rows = parse(fs.readFileSync(out), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['dcterms:title'])).toEqual(['k1.jpg', 'k2.jpg', 'p1.jpg', 'p2.jpg', 'x.jpg', 'ꦩꦼꦒ 🌧.jpg']);
    expect(rows[4]['motif.validated_by']).toBe("'=Budi");

    const forced = await canting('export', 'csv', '--db', db, '--out', out, '--facet', 'motif', '--status', 'rejected,predicted', '--force', '--json');
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout.trim())).toEqual({ out, format: 'csv', images: 2 });

    const json = path.join(tempDir(), 'k.json');
    expect((await canting('export', 'json', '--db', db, '--out', json, '--facet', 'motif', '--status', 'validated')).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(json, 'utf8')).images).toHaveLength(4);

    const unknown = await canting('export', 'csv', '--db', db, '--out', path.join(tempDir(), 'x.csv'), '--facet', 'motif', '--status', 'approved');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('canting: --status must be one of unreviewed, predicted, corrected, validated, rejected, awaiting, disputed, not "approved"');
  }, 240_000);

  it('training: layout, manifest and README; refuses a non-empty folder without --force', async () => {
    const { db } = await catalogueFile();
    const out = path.join(tempDir(), 'dataset');
    const r = await canting('export', 'training', '--db', db, '--facet', 'motif', '--out', out, '--val', '0.5', '--seed', '3', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout.trim());
    expect(result).toMatchObject({ train: 2, val: 2, perLabel: { kawung: { train: 1, val: 1 }, parang: { train: 1, val: 1 } }, seed: 3 });
    expect(fs.readdirSync(out).sort()).toEqual(['README.md', 'manifest.csv', 'train', 'val']);
    const manifest = parse(fs.readFileSync(path.join(out, 'manifest.csv')), { columns: true }) as Record<string, string>[];
    expect(manifest).toHaveLength(4);
    for (const m of manifest) expect(fs.existsSync(path.join(out, m.file))).toBe(true);

    const refused = await canting('export', 'training', '--db', db, '--facet', 'motif', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty; use --force/);
  }, 240_000);
});
