import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/core/learn/report.js';
import { trainFacet } from '../../../electron/core/learn/run.js';
import { decide } from '../../../electron/core/review/decide.js';
import { api, learnCatalogue } from './catalogue.js';

describe('evaluation report: agreement between validators', () => {
  it('shows per pair counts, percent agreement and kappa, and open disputes, in the report’s language', async () => {
    const { ctx } = await learnCatalogue();
    const v = (await trainFacet(ctx.db, { facet: 'tema', epochs: 3 })).version;
    expect(await buildReport(ctx.db, v.id, { language: 'en' })).toContain('No image of this facet has been validated by two people yet');
    // the report names the feature pipeline the version reads
    expect(await buildReport(ctx.db, v.id, { language: 'en' })).toMatch(/backbone <b>MobileNetV2<\/b> \(mobilenet_v2-/);
    await api(ctx, 'validation.setPolicy', { facet: 'tema', requiredValidations: 2 });
    const ids = ctx.db.prepare('SELECT id FROM images ORDER BY id LIMIT 2').pluck().all() as number[];
    const as = (validator: string, id: number, label: string) =>
      decide(ctx.db, { facet: 'tema', ids: [id], action: 'label', label, overwriteDecided: true }, { validator });
    as('Ayu', ids[0], 'flora');
    as('Budi', ids[0], 'flora');
    as('Ayu', ids[1], 'flora');
    as('Budi', ids[1], 'fauna');
    const html = await buildReport(ctx.db, v.id, { language: 'en' });
    expect(html).toContain('Agreement between validators');
    expect(html).toContain('<tr><td class="l">Ayu / Budi</td><td>2</td><td>1</td><td>50.0%</td><td>0.00</td></tr>');
    expect(html).toContain('1 image(s) are still disputed');
    const id = await buildReport(ctx.db, v.id, { language: 'id' });
    expect(id).toContain('Kesepakatan antarvalidator');
    expect(id).toContain('1 gambar masih diperselisihkan');
  });
});
