import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeAppContext, createAppContext } from '../../electron/core/app/create.js';
import { updateSettings } from '../../electron/core/catalogue/settings.js';
import { decide } from '../../electron/core/review/decide.js';
import { addImageRows, addModel, predict } from '../core/review/fixture.js';
import { canting, lastJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('canting facet set / review resolve / agreement', () => {
  it('requires two validations, resolves a dispute and reports agreement', async () => {
    const db = path.join(tempDir(), 'c.sqlite');
    const ctx = await createAppContext(db);
    const model = addModel(ctx.db, 'motif', 'motif-v1');
    const ids = addImageRows(ctx.db, ['a.jpg', 'b.jpg']);
    for (const id of ids) predict(ctx.db, id, 'motif', model, 'kawung', 0.9);
    await closeAppContext(ctx);

    const set = await canting('facet', 'set', 'motif', '--required-validations', '2', '--blind', '--db', db, '--json');
    expect(set.code).toBe(0);
    expect(lastJson(set.stdout)).toEqual({ facet: 'motif', requiredValidations: 2, blind: true, settled: 0 });
    expect((await canting('facet', 'set', 'motif', '--required-validations', '3', '--db', db)).stderr).toContain('--required-validations is 1 or 2');

    const again = await createAppContext(db);
    decide(again.db, { facet: 'motif', ids, action: 'validate' }, { validator: 'Ayu' });
    decide(again.db, { facet: 'motif', ids: [ids[0]], action: 'validate' }, { validator: 'Budi' });
    decide(again.db, { facet: 'motif', ids: [ids[1]], action: 'label', label: 'parang' }, { validator: 'Budi' });
    updateSettings(again.db, { validator: 'Dewi' });
    await closeAppContext(again);

    const notDisputed = await canting('review', 'resolve', '--facet', 'motif', '--ids', String(ids[0]), '--label', 'kawung', '--db', db);
    expect(notDisputed.code).not.toBe(0);
    expect(notDisputed.stderr).toContain('Only disputed images');
    const resolved = await canting('review', 'resolve', '--facet', 'motif', '--ids', String(ids[1]), '--label', 'parang', '--db', db, '--json');
    expect(lastJson(resolved.stdout)).toMatchObject({ resolved: 1, items: [{ id: ids[1], status: 'corrected', label: 'parang' }] });

    const report = await canting('agreement', '--facet', 'motif', '--db', db);
    expect(report.stdout).toContain('Ayu / Budi\t2 image(s)\t1 agreed\t50.0%');
    const json = lastJson((await canting('agreement', '--facet', 'motif', '--db', db, '--json')).stdout);
    expect(json).toMatchObject({ facet: 'motif', requiredValidations: 2, openDisputes: 0, pairs: [{ a: 'Ayu', b: 'Budi', items: 2, agreed: 1 }] });
  }, 180_000);
});
