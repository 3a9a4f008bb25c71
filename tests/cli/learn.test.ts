import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAppContext } from '../../electron/core/app/create.js';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { learnCatalogue } from '../core/learn/catalogue.js';
import { driftCatalogue } from '../core/learn/crafted.js';

describe('canting train / registry / report', () => {
  it('says how long each counted phase has left: epochs at most (early stopping may end sooner)', async () => {
    const { ctx } = await learnCatalogue();
    const db = ctx.cataloguePath;
    await closeAppContext(ctx);
    const r = await canting('train', '--db', db, '--facet', 'tema', '--epochs', '8', '--no-augment', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^epoch 1\/8 · loss [\d.]+ .* · at most about \d+ s left$/m);
  }, 120_000);


  it('trains a facet, lists the inactive version, writes its report; refuses too few examples with what is missing', async () => {
    const { ctx } = await learnCatalogue();
    const db = ctx.cataloguePath;
    // One process per catalogue: let the CLI have it.
    await closeAppContext(ctx);
    const r = await canting('train', '--db', db, '--facet', 'tema', '--epochs', '8', '--no-augment', '--json');
    expect(r.stderr).toMatch(/epoch 1\/8 · loss/);
    expect(r.code).toBe(0);
    const result = lastJson(r.stdout);
    expect(result.version).toMatchObject({ version: 'tema-v1', active: false });

    const versions = await canting('registry', 'versions', '--db', db, '--facet', 'tema');
    expect(versions.stdout).toMatch(/^ {2}\d+\ttema-v1\ttrained\tval \d+\.\d% \(\d+\/\d+, 95% interval \d+\.\d%–\d+\.\d%\) on its own validation split\t/);
    // each version names the feature pipeline its head reads
    expect(versions.stdout).toMatch(/^ {2}\d+\ttema-v1\t.* images\tMobileNetV2\t/m);

    const out = path.join(tempDir(), 'report.html');
    const rep = await canting('report', String(result.version.id), '--db', db, '--out', out);
    expect(rep.code).toBe(0);
    // In the catalogue's interface language (Bahasa Indonesia unless changed), or the one asked for.
    expect(fs.readFileSync(out, 'utf8')).toContain('Laporan evaluasi — tema-v1');
    expect((await canting('report', String(result.version.id), '--db', db, '--out', out, '--lang', 'en')).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Evaluation report — tema-v1');
    const badLang = await canting('report', String(result.version.id), '--db', db, '--out', out, '--lang', 'jv');
    expect(badLang.code).not.toBe(0);
    expect(badLang.stderr).toContain('Allowed choices are id, en');

    // --fine-tune runs the second stage on the images themselves (block 16's maps) and says how it went.
    const ft = await canting('train', '--db', db, '--facet', 'tema', '--epochs', '2', '--no-augment', '--fine-tune', '--json');
    expect(ft.code).toBe(0);
    // 48 reviewed, of which the evaluation set keeps 12 apart.
    expect(ft.stderr).toMatch(/fine-tuning: block 16 features 36\/36/);
    expect(ft.stderr).toMatch(/fine-tuning epoch 0 · val_loss [\d.]+ · val_acc [\d.]+ \(head alone\)/);
    const tuned = lastJson(ft.stdout);
    expect(tuned.version.version).toBe('tema-v2');
    // These generated images are easy, so the fine-tuned top lowers the validation loss and is kept.
    expect(tuned.fineTuned).toBe(true);
    expect(tuned.version.training.notes).toMatch(/top block \(Conv_1\) fine-tuned with it/);

    const bad = await canting('train', '--db', db, '--facet', 'tema', '--min-per-label', '50', '--no-augment');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/every label needs at least 50 reviewed examples; "arsitektur" has 9 \(needs 41 more\).*Note: 12 reviewed image\(s\) are kept apart as the evaluation set/);
  }, 240_000);

  it('eval without a folder explains the evaluation set and measures every version on it; activate first shows what would change', async () => {
    const { ctx, drifted, set } = await driftCatalogue();
    const db = ctx.cataloguePath;
    await closeAppContext(ctx);
    const help = await canting('eval', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(/evaluation set of a facet is the part of its reviewed images the archive keeps apart/);
    const r = await canting('eval', '--db', db, '--facet', 'tema');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No training ever uses them, and every version of the facet, shipped ones too, is measured on them/);
    expect(r.stdout).toContain(`Evaluation set of facet tema: ${set.size} reviewed image(s)`);
    expect(r.stdout).toContain(`tema-shipped: 100.0% (${set.size}/${set.size}, 95% interval`);
    expect(r.stdout).toMatch(/tema-v1: \d+\.\d% \(\d+\/\d+, 95% interval \d+\.\d%–\d+\.\d%\)/);

    const act = await canting('registry', 'activate', String(drifted.id), '--db', db);
    expect(act.code).toBe(0);
    expect(act.stderr).toContain('tema-v1 changes 50% of unreviewed labels (36 of 72) against tema-shipped: Arsitektur→Fauna 18, Budaya→Flora 18');
    expect(act.stderr).toContain('Warning: tema-v1 is worse than the active tema-shipped on the evaluation set.');
    expect(act.stderr).toMatch(/Warning: Budaya is 3\.8% of its training labels \(23\) but about 25\.0% of the catalogue/);
    expect(act.stdout).toContain('tema-v1 is now the active model of tema');
  }, 240_000);
});
