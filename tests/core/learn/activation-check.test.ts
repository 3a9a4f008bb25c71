import { describe, expect, it } from 'vitest';
import { api, learnCatalogue, review, TEMA } from './catalogue.js';
import { craftedVersion, driftCatalogue } from './crafted.js';

describe('a comparison does not hide a worse model', () => {
  it('compares versions on the evaluation set, with n and an interval, where the worse one shows as worse', async () => {
    const { ctx, good, drifted, set, inSet } = await driftCatalogue();
    const cmp = await api(ctx, 'registry.compare', { a: drifted.id, b: good.id });
    expect(cmp.basis).toBe('evaluationSet');
    expect(cmp.items).toBe(set.size);
    expect(cmp.b.correct).toBe(set.size);
    expect(cmp.a.correct).toBe(set.size - inSet('arsitektur') - inSet('budaya'));
    expect(cmp.a.interval!.low).toBeLessThan(cmp.a.accuracy);
    expect(cmp.a.interval!.high).toBeGreaterThan(cmp.a.accuracy);
    expect(cmp.pValue).toBeLessThan(0.05);
    expect(cmp.labelNames).toMatchObject({ arsitektur: 'Arsitektur' });
  });

  it('measures every version, shipped ones too, on the evaluation set, saying on how many images', async () => {
    const { ctx, set } = await driftCatalogue();
    const evaluation = await api(ctx, 'registry.evaluation', { facet: 'tema' });
    expect(evaluation.images).toBe(set.size);
    expect(Object.values(evaluation.perLabel).every((n) => n >= 3)).toBe(true);
    const byVersion = Object.fromEntries(evaluation.versions.map((v) => [v.version, v]));
    expect(byVersion['tema-shipped']).toMatchObject({ images: set.size, correct: set.size, accuracy: 1, active: true, untracked: false });
    expect(byVersion['tema-v1'].accuracy!).toBeLessThan(0.6);
    expect(byVersion['tema-v1'].interval!.low).toBeGreaterThan(0);
  });

  it('before activation, warns that the new version is worse, shows the labels it would change and its lopsided training', async () => {
    const { ctx, drifted } = await driftCatalogue();
    const check = await api(ctx, 'registry.activationCheck', { id: drifted.id });
    expect(check.active?.version).toBe('tema-shipped');
    expect(check.warnings).toEqual(['worse', 'imbalance']);
    // 18 unreviewed photos per label: those of arsitektur and budaya change.
    expect(check.shift).toEqual({
      images: 72,
      changed: 36,
      transitions: [
        { from: 'arsitektur', to: 'fauna', count: 18 },
        { from: 'budaya', to: 'flora', count: 18 },
      ],
    });
    // Each label is a quarter of the catalogue; budaya is 23 of 602 training labels (3.8 %), under a third of that.
    expect(check.imbalance.map((x) => x.label)).toEqual(['budaya']);
    expect(check.imbalance[0]).toMatchObject({ trained: 23, expectedShare: 0.25 });
    // Nothing was changed by looking.
    expect((await api(ctx, 'registry.versions', { facet: 'tema' })).find((v) => v.active)?.version).toBe('tema-shipped');
  });

  it('says a version is untested when the facet has no evaluation set yet', async () => {
    const { ctx, ids, truth } = await learnCatalogue({ perLabel: [8, 8, 8, 8], reviewed: false });
    ids.forEach((id, i) => review(ctx.db, id, TEMA[truth[i]]));
    const v = await craftedVersion(ctx.db, { version: 'tema-v1', predicts: [0, 1, 2, 3], perLabel: { arsitektur: 8, budaya: 8, fauna: 8, flora: 8 }, accuracy: 1 });
    const check = await api(ctx, 'registry.activationCheck', { id: v.id });
    expect(check).toMatchObject({ active: null, shift: null, comparison: null, warnings: ['untested'] });
    expect(check.evaluation.images).toBe(0);
  });
});
