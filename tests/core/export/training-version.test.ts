import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import type { AppContext } from '../../../electron/core/app/context.js';
import { getFacet } from '../../../electron/core/catalogue/facets.js';
import { evaluationSet } from '../../../electron/core/learn/eval-set.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { TRAIN_DEFAULTS } from '../../../electron/core/learn/train.js';
import { waitForJob } from '../../helpers/jobs.js';
import { tempDir } from '../../helpers/temp.js';
import { learnCatalogue, review } from '../learn/catalogue.js';
import { addModel } from './fixture.js';

type ManifestRow = Record<string, string>;

async function exportTraining(ctx: AppContext, input: Record<string, unknown>) {
  const started = await dispatch('export.training', { facet: 'tema', ...input }, ctx);
  if (!started.ok) return started;
  const job = await waitForJob(ctx, (started.value as { jobId: string }).jobId);
  expect(job.state).toBe('done');
  const out = input.out as string;
  const rows = parse(fs.readFileSync(path.join(out, 'manifest.csv'), 'utf8'), { columns: true }) as ManifestRow[];
  return { ok: true as const, out, rows, result: job.result as Record<string, unknown> };
}

const sideOf = (rows: ManifestRow[]) => new Map(rows.map((r) => [Number(r.image_id), r.split]));

describe('training-data export of a version’s own split', () => {
  it('writes exactly the train/validation/evaluation assignment the version was trained with, after more labels came in', async () => {
    const { ctx, ids, truth } = await learnCatalogue({ perLabel: [12, 12, 12, 12] });
    const evaluation = [...evaluationSet(ctx.db, getFacet(ctx.db, 'tema').id, TRAIN_DEFAULTS.minPerLabel).keys()];
    const { version } = await trainFacet(ctx.db, { facet: 'tema', epochs: 2, seed: 7 });
    const { training } = JSON.parse(ctx.db.prepare('SELECT manifest FROM models WHERE id = ?').pluck().get(version.id) as string);
    const expected = new Map<number, string>([
      ...(training.imageIds as number[]).map((id) => [id, 'train'] as [number, string]),
      ...(training.validationImageIds as number[]).map((id) => [id, 'val'] as [number, string]),
      ...evaluation.map((id) => [id, 'eval'] as [number, string]),
    ]);
    expect(evaluation.length).toBeGreaterThan(0);
    expect(expected.size).toBe(ids.length);

    // Since then a validator changed two labels' worth of decisions: a fresh split would not be the version's.
    ids.slice(0, 6).forEach((id, i) => review(ctx.db, id, ['arsitektur', 'budaya', 'fauna', 'flora'][(truth[i] + 1) % 4], 'Budi'));

    const exported = await exportTraining(ctx, { out: path.join(tempDir(), 'v1'), version: version.id });
    if (!exported.ok) throw new Error(JSON.stringify(exported));
    expect(sideOf(exported.rows)).toEqual(expected);
    // The folders say the same, and the README names the version.
    for (const r of exported.rows) expect(r.file.startsWith(`${r.split}/`)).toBe(true);
    expect(fs.existsSync(path.join(exported.out, 'eval'))).toBe(true);
    expect(fs.readFileSync(path.join(exported.out, 'README.md'), 'utf8')).toContain(`exactly the one version ${version.version} was trained with`);
    expect(exported.result).toMatchObject({ version: version.version, eval: evaluation.length });

    // A fresh split (no version) is a different question with a different answer, and has no eval side.
    const fresh = await exportTraining(ctx, { out: path.join(tempDir(), 'fresh'), seed: 7 });
    if (!fresh.ok) throw new Error(JSON.stringify(fresh));
    expect([...sideOf(fresh.rows).values()].every((s) => s === 'train' || s === 'val')).toBe(true);
  });

  it('refuses an unknown version, another facet’s version and one that records no training images, clearly', async () => {
    const { ctx } = await learnCatalogue({ perLabel: [8, 8, 8, 8] });
    // A version imported from a folder that records no training images (as a shipped head).
    const bundled = addModel(ctx.db, 'motif', 'motif-shipped', ['kawung', 'parang']);
    const { version } = await trainFacet(ctx.db, { facet: 'tema', epochs: 1 });
    const out = () => path.join(tempDir(), 'x');
    expect(await exportTraining(ctx, { out: out(), version: 9999 })).toMatchObject({ ok: false, error: { code: 'not_found', messageKey: 'exportVersionUnknown' } });
    {
      expect(await dispatch('export.training', { facet: 'motif', out: out(), version: version.id }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', messageKey: 'exportVersionOtherFacet', params: { version: version.version, facet: 'motif' } },
      });
      expect(await exportTraining(ctx, { facet: 'motif', out: out(), version: bundled })).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'exportVersionNoSplit' } });
    }
  });
});
