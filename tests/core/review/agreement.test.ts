import { describe, expect, it } from 'vitest';
import { agreementOf } from '../../../electron/core/review/agreement.js';
import { decide } from '../../../electron/core/review/decide.js';
import { api, reviewCatalogue } from './fixture.js';

const repeat = (pair: [string, string], n: number): [string, string][] => Array.from({ length: n }, () => pair);

describe('agreement between validators', () => {
  it('computes percent agreement and Cohen’s kappa as the textbook example does', () => {
    // 50 items; yes/yes 20, yes/no 5, no/yes 10, no/no 15: po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
    const pairs = [...repeat(['yes', 'yes'], 20), ...repeat(['yes', 'no'], 5), ...repeat(['no', 'yes'], 10), ...repeat(['no', 'no'], 15)];
    const r = agreementOf(pairs);
    expect(r).toMatchObject({ items: 50, agreed: 35 });
    expect(r.percentAgreement).toBeCloseTo(0.7, 10);
    expect(r.kappa).toBeCloseTo(0.4, 10);
    // Perfect agreement on one single category: chance agreement is 1, kappa is undefined.
    expect(agreementOf(repeat(['yes', 'yes'], 3))).toEqual({ items: 3, agreed: 3, percentAgreement: 1, kappa: null });
    expect(agreementOf([])).toEqual({ items: 0, agreed: 0, percentAgreement: null, kappa: null });
  });

  it('reports each pair of validators from their votes, counting a person once per image', async () => {
    const { ctx, db, ids } = await reviewCatalogue();
    await api(ctx, 'validation.setPolicy', { facet: 'motif', requiredValidations: 2 });
    const as = (validator: string, id: number, label: string | null) =>
      decide(db, { facet: 'motif', ids: [id], ...(label ? { action: 'label' as const, label } : { action: 'reject' as const }), overwriteDecided: true }, { validator });
    // Ayu and Budi: agree on 0 (kawung) and 2 (rejected), disagree on 1.
    as('Ayu', ids[0], 'kawung');
    as('Ayu', ids[0], 'kawung');
    as('Budi', ids[0], 'kawung');
    as('Ayu', ids[1], 'parang');
    as('budi', ids[1], 'truntum');
    as('Ayu', ids[2], null);
    as('Budi', ids[2], null);
    // Citra and Ayu: disagree on 3.
    as('Citra', ids[3], 'kawung');
    as('Ayu', ids[3], 'parang');
    const report = await api(ctx, 'validation.agreement', { facet: 'motif' });
    expect(report.pairs.map(({ a, b, items, agreed }) => ({ a, b, items, agreed }))).toEqual([
      { a: 'Ayu', b: 'Budi', items: 3, agreed: 2 },
      { a: 'Ayu', b: 'Citra', items: 1, agreed: 0 },
    ]);
    // Ayu: kawung, parang, rejected; Budi: kawung, truntum, rejected → po = 2/3, pe = 2/9, κ = (2/3 − 2/9)/(1 − 2/9) = 4/7.
    expect(report.pairs[0].percentAgreement).toBeCloseTo(2 / 3, 10);
    expect(report.pairs[0].kappa).toBeCloseTo(4 / 7, 10);
    expect(report.overall).toMatchObject({ items: 4, agreed: 2 });
    expect(report.openDisputes).toBe(2);
  });
});
