import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { onCleanup, tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, images, predict, review } from '../export/fixture.js';
import { waitForJob } from '../../helpers/jobs.js';

describe('paths given through the API', () => {
  it('are refused when relative, for every call that writes or reads one, before anything is written', async () => {
    const ctx = await tempContext();
    const photos = tempDir('canting-photos-');
    const [id] = await images(ctx.db, photos, ['kawung/1.jpg']);
    const model = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'parang']);
    const models = () => ctx.db.prepare('SELECT count(*) FROM models').pluck().get();
    const modelsBefore = models(); // the shipped head and motif-v1
    predict(ctx.db, id, 'motif', model, 'kawung', 0.9);
    review(ctx.db, id, 'motif', { status: 'validated', label: 'kawung' });

    // The server was started in <above>/started-here: "../x.csv" meant a file next to it.
    const above = tempDir();
    const startedIn = path.join(above, 'started-here');
    fs.mkdirSync(startedIn);
    const cwd = process.cwd();
    process.chdir(startedIn);
    onCleanup(() => process.chdir(cwd));

    const calls: [string, Record<string, unknown>, string][] = [
      ['export.csv', { out: '../x.csv' }, '../x.csv'],
      ['export.json', { out: '../x.json' }, '../x.json'],
      ['export.training', { facet: 'motif', out: '../dataset' }, '../dataset'],
      ['registry.export', { id: model, folder: '../model' }, '../model'],
      ['registry.report', { id: model, file: '../report.html' }, '../report.html'],
      ['registry.import', { facet: 'motif', folder: 'model' }, 'model'],
    ];
    for (const [name, input, given] of calls) {
      expect([name, await dispatch(name, input, ctx)]).toEqual([
        name,
        { ok: false, error: { code: 'invalid_input', message: expect.stringContaining(`Give the full path of "${given}"`), messageKey: 'relativePath', params: { path: given } } },
      ]);
    }
    expect(ctx.jobs.list()).toEqual([]);
    expect(fs.readdirSync(above)).toEqual(['started-here']);
    expect(fs.readdirSync(startedIn)).toEqual([]);
    expect(models()).toBe(modelsBefore);
  });

  it('are accepted when absolute, normalised ("a/../b" becomes "b")', async () => {
    const ctx = await tempContext();
    await images(ctx.db, tempDir('canting-photos-'), ['kawung/1.jpg']);
    const dir = tempDir();
    const r = await dispatch('export.csv', { out: path.join(dir, 'sub', '..', 'k.csv') }, ctx);
    expect(r).toMatchObject({ ok: true, value: { out: path.join(dir, 'k.csv') } });
    await waitForJob(ctx, (r as { value: { jobId: string } }).value.jobId);
    expect(fs.readdirSync(dir)).toEqual(['k.csv']);
  });
});
