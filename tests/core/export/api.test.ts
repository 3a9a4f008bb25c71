import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../electron/common/contract/index.js';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { tempContext, tempDir } from '../../helpers/temp.js';
import { addModel, images, predict, review } from './fixture.js';
import { waitForJob } from '../../helpers/jobs.js';

async function setup() {
  const ctx = await tempContext();
  const root = tempDir('canting-photos-');
  const ids = await images(ctx.db, root, ['kawung/1.jpg', 'kawung/2.jpg', 'parang/3.jpg', 'parang/4.jpg']);
  const m = addModel(ctx.db, 'motif', 'motif-v1', ['kawung', 'parang']);
  ids.forEach((id, i) => {
    const label = i < 2 ? 'kawung' : 'parang';
    predict(ctx.db, id, 'motif', m, label, 0.8);
    review(ctx.db, id, 'motif', { status: 'validated', label });
  });
  return { ctx, root, ids };
}

describe('exports API', () => {
  it('runs export.csv, export.json and export.training as jobs with progress and a result', async () => {
    const { ctx } = await setup();
    const events: { id: string; state: string; done: number; found: number }[] = [];
    ctx.events.subscribe((e) => {
      if (e.type === 'job') events.push({ id: e.job.id, state: e.job.state, done: e.job.done, found: e.job.found });
    });
    const dir = tempDir();
    const csv = await dispatch('export.csv', { out: path.join(dir, 'k.csv'), filter: { facet: 'motif', statuses: ['validated'] } }, ctx);
    expect(csv).toMatchObject({ ok: true, value: { images: 4, out: path.join(dir, 'k.csv') } });
    const csvJob = await waitForJob(ctx, (csv as { value: { jobId: string } }).value.jobId);
    expect(csvJob).toMatchObject({ kind: 'export', state: 'done', found: 4, done: 4 });
    expect(events.filter((e) => e.id === csvJob.id).at(-1)).toMatchObject({ state: 'done', done: 4, found: 4 });
    expect(parse(fs.readFileSync(path.join(dir, 'k.csv'), 'utf8'), { bom: true, columns: true })).toHaveLength(4);

    const json = await dispatch('export.json', { out: path.join(dir, 'k.json') }, ctx);
    const jsonJob = await waitForJob(ctx, (json as { value: { jobId: string } }).value.jobId);
    expect(jsonJob.state).toBe('done');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'k.json'), 'utf8')).images).toHaveLength(4);

    const training = await dispatch('export.training', { facet: 'motif', out: path.join(dir, 'ds'), valFraction: 0.5, seed: 3 }, ctx);
    expect(training).toMatchObject({ ok: true, value: { images: 4, skipped: 0 } });
    const tJob = await waitForJob(ctx, (training as { value: { jobId: string } }).value.jobId);
    expect(tJob.state).toBe('done');
    expect(tJob.result).toMatchObject({ format: 'training', train: 2, val: 2, perLabel: { kawung: { train: 1, val: 1 }, parang: { train: 1, val: 1 } } });
    // jobs.list sends each result whole, as the contract types it per kind and format.
    const listed = await dispatch('jobs.list', {}, ctx);
    const byId = new Map((listed.ok ? (listed.value as JobStatus[]) : []).map((j) => [j.id, j.result]));
    for (const job of [csvJob, jsonJob, tJob]) expect(byId.get(job.id)).toEqual(await ctx.jobs.wait(job.id, 'export'));
    expect(byId.get(csvJob.id)).toEqual({ format: 'csv', out: path.join(dir, 'k.csv'), images: 4 });
  });

  it('answers bad input with clear errors and starts no job', async () => {
    const { ctx, root } = await setup();
    const dir = tempDir();
    expect(await dispatch('export.csv', { out: path.join(dir, 'k.csv'), filter: { facet: 'warna' } }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('Unknown facet "warna"') },
    });
    expect(await dispatch('export.csv', { out: path.join(dir, 'k.csv'), filter: { facet: 'motif', statuses: ['approved'] } }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await dispatch('export.training', { facet: 'motif', out: path.join(root, 'ds') }, ctx)).toMatchObject({
      ok: false,
      // Named for the interface too: the panel shows it in the user's language, not the English message.
      error: { code: 'invalid_input', message: expect.stringContaining('imported into this catalogue'), messageKey: 'exportInsideRoot', params: { root } },
    });
    expect(await dispatch('export.training', { facet: 'motif', out: path.join(dir, 'ds'), include: ['rejected'] }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('never exported') },
    });
    expect(ctx.jobs.list()).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives browser mode the CSV and JSON as downloadable text', async () => {
    const { ctx } = await setup();
    const csv = await dispatch('export.csvContent', { filter: { facet: 'motif' } }, ctx);
    expect(csv).toMatchObject({ ok: true, value: { images: 4, mime: 'text/csv;charset=utf-8', fileName: expect.stringMatching(/^canting-katalog-motif-\d{4}-\d\d-\d\d\.csv$/) } });
    const text = (csv as { value: { content: string } }).value.content;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parse(text, { bom: true, columns: true })).toHaveLength(4);
    const json = await dispatch('export.jsonContent', {}, ctx);
    expect(JSON.parse((json as { value: { content: string } }).value.content).images).toHaveLength(4);
  });
});
