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
      expect(e.meaningId, e.key).toBeTruthy();
      expect(e.meaningEn, e.key).toBeTruthy();
      expect(e.region, e.key).toBeTruthy();
      expect(e.sources.length, e.key).toBeGreaterThan(0);
      expect(e.caveats, e.key).toBeTruthy();
    }
    const mega = await api(ctx, 'knowledge.get', { key: 'Mega Mendung' });
    expect(mega).toMatchObject({ key: 'megamendung', name: 'Mega Mendung', region: expect.stringContaining('Cirebon'), labelOf: ['motif'] });
    expect((await api(ctx, 'knowledge.get', { key: 'sekarjagad' }))!.labelOf).toEqual([]);
    expect(await api(ctx, 'knowledge.get', { key: 'Sido Mukti' })).toMatchObject({ key: 'sidomukti' });
    expect(await api(ctx, 'knowledge.get', { key: 'Lasem' })).toBeNull();
  });

  it('lets validators edit and create entries, auditing exactly what changed', async () => {
    const ctx = await tempContext();
    expect(await apiError(ctx, 'knowledge.edit', { key: 'kawung', region: 'x' })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('validator') });
    await api(ctx, 'settings.set', { validator: 'Sari' });
    const before = (await api(ctx, 'knowledge.get', { key: 'kawung' }))!;
    const edited = await api(ctx, 'knowledge.edit', { key: 'Kawung', region: 'Yogyakarta', sources: [{ title: 'Wawancara, Museum Batik Yogyakarta, 2026', url: null }] });
    expect(edited).toMatchObject({ region: 'Yogyakarta', meaningEn: before.meaningEn, updatedBy: 'Sari', sources: [{ title: 'Wawancara, Museum Batik Yogyakarta, 2026', url: null, note: null }] });
    // an edit that changes nothing writes nothing
    await api(ctx, 'knowledge.edit', { key: 'kawung', region: 'Yogyakarta' });
    const created = await api(ctx, 'knowledge.edit', { key: 'lasem', name: 'Lasem', meaningId: 'Batik pesisir dari Lasem, Rembang.' });
    expect(created).toMatchObject({ key: 'lasem', altNames: [], sources: [] });

    const history = await api(ctx, 'knowledge.history', { key: 'kawung' });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actor: 'Sari', action: 'knowledge.edit' });
    expect(history[0].details).toEqual({
      key: 'kawung',
      from: { region: before.region, sources: before.sources },
      to: { region: 'Yogyakarta', sources: [{ title: 'Wawancara, Museum Batik Yogyakarta, 2026', url: null, note: null }] },
    });
    expect((await api(ctx, 'knowledge.history', { key: 'lasem' }))[0].action).toBe('knowledge.create');
  });

  it('refuses creating an entry without a name and malformed sources', async () => {
    const ctx = await tempContext();
    await api(ctx, 'settings.set', { validator: 'Sari' });
    expect(await apiError(ctx, 'knowledge.edit', { key: 'lasem', region: 'Rembang' })).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('give a name') });
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
