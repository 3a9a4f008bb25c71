import { describe, expect, it } from 'vitest';
import { tempContext } from '../../helpers/temp.js';
import { api, apiError } from '../review/fixture.js';

const CLASSICAL = ['kawung', 'parang', 'megamendung', 'truntum', 'sidomukti', 'sekarjagad', 'ceplok', 'lereng', 'nitik', 'semen', 'tambal', 'gentongan'];

describe('motif knowledge', () => {
  it('ships a sourced, bilingual card for the default model\'s motifs and the classical ones', async () => {
    const ctx = await tempContext();
    const all = await api(ctx, 'knowledge.list', {});
    expect(all.map((e) => e.key).sort()).toEqual([...CLASSICAL].sort());
    for (const e of all) {
      // every text in both interface languages (migration 0006 translated the seed)
      for (const f of ['regionId', 'regionEn', 'themeId', 'themeEn', 'meaningId', 'meaningEn', 'caveatsId', 'caveatsEn'] as const) expect(e[f], `${e.key}.${f}`).toBeTruthy();
      expect(e.sources.length, e.key).toBeGreaterThan(0);
    }
    const mega = await api(ctx, 'knowledge.get', { key: 'Mega Mendung' });
    expect(mega).toMatchObject({
      key: 'megamendung',
      name: 'Mega Mendung',
      regionId: expect.stringContaining('Jawa Barat'),
      regionEn: expect.stringContaining('West Java'),
      themeId: expect.stringMatching(/^Alam: awan berarak/),
      themeEn: expect.stringMatching(/^Nature: drifting clouds/),
      caveatsEn: expect.stringContaining('not verified here'),
      caveatsId: expect.stringContaining('belum diverifikasi di sini'),
      labelOf: ['motif'],
    });
    expect((await api(ctx, 'knowledge.get', { key: 'sekarjagad' }))!.labelOf).toEqual([]);
    expect(await api(ctx, 'knowledge.get', { key: 'Sido Mukti' })).toMatchObject({ key: 'sidomukti' });
    expect(await api(ctx, 'knowledge.get', { key: 'Lasem' })).toBeNull();
  });

  it('lets validators edit and create entries, auditing exactly what changed', async () => {
    const ctx = await tempContext();
    expect(await apiError(ctx, 'knowledge.edit', { key: 'kawung', regionId: 'x' })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('validator') });
    await api(ctx, 'settings.set', { validator: 'Sari' });
    const before = (await api(ctx, 'knowledge.get', { key: 'kawung' }))!;
    const edited = await api(ctx, 'knowledge.edit', { key: 'Kawung', regionId: 'Yogyakarta', sources: [{ title: 'Wawancara, Museum Batik Yogyakarta, 2026', url: null }] });
    expect(edited).toMatchObject({
      regionId: 'Yogyakarta',
      // the other language is its own text: editing one leaves the other as it was
      regionEn: before.regionEn,
      meaningEn: before.meaningEn,
      updatedBy: 'Sari',
      sources: [{ title: 'Wawancara, Museum Batik Yogyakarta, 2026', url: null, note: null }],
    });
    // an edit that changes nothing writes nothing
    await api(ctx, 'knowledge.edit', { key: 'kawung', regionId: 'Yogyakarta' });
    const created = await api(ctx, 'knowledge.edit', { key: 'lasem', name: 'Lasem', meaningId: 'Batik pesisir dari Lasem, Rembang.' });
    expect(created).toMatchObject({ key: 'lasem', altNames: [], sources: [] });

    const history = await api(ctx, 'knowledge.history', { key: 'kawung' });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actor: 'Sari', action: 'knowledge.edit' });
    expect(history[0].details).toEqual({
      key: 'kawung',
      from: { regionId: before.regionId, sources: before.sources },
      to: { regionId: 'Yogyakarta', sources: [{ title: 'Wawancara, Museum Batik Yogyakarta, 2026', url: null, note: null }] },
    });
    expect((await api(ctx, 'knowledge.history', { key: 'lasem' }))[0].action).toBe('knowledge.create');
  });

  it('edits each language of region, theme and caveats on its own, audited from/to', async () => {
    const ctx = await tempContext();
    await api(ctx, 'settings.set', { validator: 'Sari' });
    const before = (await api(ctx, 'knowledge.get', { key: 'truntum' }))!;
    const edited = await api(ctx, 'knowledge.edit', {
      key: 'truntum',
      themeEn: 'Flowers or stars, densely scattered',
      caveatsId: 'Kisah Ratu Beruk adalah legenda; belum diverifikasi di sini.',
      // blank means "no text in this language": stored as null, and the card falls back to the other language
      regionEn: '  ',
    });
    expect(edited).toMatchObject({
      themeId: before.themeId,
      themeEn: 'Flowers or stars, densely scattered',
      caveatsId: 'Kisah Ratu Beruk adalah legenda; belum diverifikasi di sini.',
      caveatsEn: before.caveatsEn,
      regionId: before.regionId,
      regionEn: null,
    });
    const [entry] = await api(ctx, 'knowledge.history', { key: 'truntum' });
    expect(entry.details).toEqual({
      key: 'truntum',
      from: { regionEn: before.regionEn, themeEn: before.themeEn, caveatsId: before.caveatsId },
      to: { regionEn: null, themeEn: 'Flowers or stars, densely scattered', caveatsId: 'Kisah Ratu Beruk adalah legenda; belum diverifikasi di sini.' },
    });
    const created = await api(ctx, 'knowledge.edit', { key: 'lasem', name: 'Lasem', regionId: 'Rembang, Jawa Tengah', caveatsEn: 'Not verified here.' });
    expect(created).toMatchObject({ regionId: 'Rembang, Jawa Tengah', regionEn: null, themeId: null, themeEn: null, caveatsId: null, caveatsEn: 'Not verified here.' });
    // the one-language names from before migration 0006 are refused, not silently ignored
    expect(await apiError(ctx, 'knowledge.edit', { key: 'truntum', region: 'x' } as never)).toMatchObject({ code: 'invalid_input' });
  });

  it('refuses creating an entry without a name and malformed sources', async () => {
    const ctx = await tempContext();
    await api(ctx, 'settings.set', { validator: 'Sari' });
    expect(await apiError(ctx, 'knowledge.edit', { key: 'lasem', regionId: 'Rembang' })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('give a name') });
    expect(await apiError(ctx, 'knowledge.edit', { key: 'kawung', sources: [{ title: 'x', url: 'not a url' }] })).toMatchObject({ code: 'invalid_input' });
    expect(await apiError(ctx, 'knowledge.get', { key: '---' })).toMatchObject({ code: 'invalid_input' });
    expect(await api(ctx, 'knowledge.get', { key: 'lasem' })).toBeNull();
  });

  it('finds a card\'s history through an index, not by scanning the audit log', async () => {
    const ctx = await tempContext();
    const plan = (ctx.db.prepare("EXPLAIN QUERY PLAN SELECT id FROM audit_log a WHERE a.entity = 'motif_knowledge' AND json_extract(a.details, '$.key') = ?").all('kawung') as { detail: string }[])
      .map((r) => r.detail)
      .join(' ');
    expect(plan).toContain('audit_log_knowledge');
  });
});
