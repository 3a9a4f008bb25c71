import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch.js';
import { tempContext } from '../../helpers/temp.js';
import { api } from '../learn/catalogue.js';

type AuditRow = { actor: string; action: string; entity: string; facet_id: number; to_label_id: number | null; details: string };

describe('facets: an archive’s own vocabularies', () => {
  it('creates a facet with its labels in order, keeps who did it in the audit log, and tells every open window', async () => {
    const ctx = await tempContext();
    await api(ctx, 'settings.set', { validator: 'Bu Sri' });
    const events: unknown[] = [];
    ctx.events.subscribe((e) => events.push(e));
    const f = await api(ctx, 'facet.create', { key: 'teknik', nameId: 'Teknik', nameEn: 'Technique', labels: ['Tulis', 'Cap', ' Kombinasi '] });
    expect(f).toMatchObject({ key: 'teknik', nameId: 'Teknik', nameEn: 'Technique', activeModel: null });
    expect(f.labels.map((l) => [l.key, l.name, l.position])).toEqual([
      ['tulis', 'Tulis', 1],
      ['cap', 'Cap', 2],
      ['kombinasi', 'Kombinasi', 3],
    ]);
    expect((await api(ctx, 'facet.list', {})).map((x) => x.key)).toContain('teknik');
    expect(events).toContainEqual({ type: 'catalogue-changed', reason: 'facets' });
    const log = ctx.db.prepare("SELECT actor, action, entity, facet_id, to_label_id, details FROM audit_log WHERE entity = 'facet'").all() as AuditRow[];
    expect(log).toEqual([
      { actor: 'Bu Sri', action: 'facet.create', entity: 'facet', facet_id: f.id, to_label_id: null, details: JSON.stringify({ key: 'teknik', nameId: 'Teknik', nameEn: 'Technique', labels: ['Tulis', 'Cap', 'Kombinasi'] }) },
    ]);
  });

  it('refuses labels that cannot be told apart, a taken key or a bad one, saying which, and creates nothing', async () => {
    const ctx = await tempContext();
    const before = ctx.db.prepare('SELECT COUNT(*) FROM facets').pluck().get();
    const collide = await dispatch('facet.create', { key: 'asal', nameId: 'Asal', nameEn: 'Origin', labels: ['Mega Mendung', 'Kawung', 'megamendung'] }, ctx);
    expect(collide).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'labelsCollide', params: { a: 'Mega Mendung', b: 'megamendung' } } });
    const symbols = await dispatch('facet.create', { key: 'asal', nameId: 'Asal', nameEn: 'Origin', labels: ['Jawa', '—'] }, ctx);
    expect(symbols).toMatchObject({ ok: false, error: { messageKey: 'labelNeedsLetter', params: { label: '—' } } });
    expect(await dispatch('facet.create', { key: 'tema', nameId: 'Tema', nameEn: 'Theme', labels: ['A', 'B'] }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict', messageKey: 'facetExists' },
    });
    expect(await dispatch('facet.create', { key: 'Asal Daerah', nameId: 'Asal', nameEn: 'Origin', labels: ['A', 'B'] }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('lowercase letters') },
    });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM facets').pluck().get()).toBe(before);
    expect(ctx.db.prepare("SELECT COUNT(*) FROM audit_log WHERE entity = 'facet'").pluck().get()).toBe(0);
  });

  it('adds a label at the end, refuses one it has, and brings back a removed one rather than colliding with it', async () => {
    const ctx = await tempContext();
    const f = await api(ctx, 'facet.create', { key: 'asal', nameId: 'Asal daerah', nameEn: 'Origin', labels: ['Solo', 'Cirebon'] });
    const more = await api(ctx, 'facet.addLabel', { facet: 'asal', name: 'Pekalongan' });
    expect(more.labels.map((l) => l.name)).toEqual(['Solo', 'Cirebon', 'Pekalongan']);
    expect(await dispatch('facet.addLabel', { facet: 'asal', name: 'SOLO' }, ctx)).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'labelExists', params: { label: 'Solo' } } });
    expect(await dispatch('facet.addLabel', { facet: 'asl', name: 'Solo' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found', messageKey: 'unknownFacet' } });

    const cirebon = f.labels[1].id;
    ctx.db.prepare('UPDATE labels SET active = 0 WHERE id = ?').run(cirebon);
    const back = await api(ctx, 'facet.addLabel', { facet: 'asal', name: 'Cirebon' });
    expect(back.labels.map((l) => [l.id, l.name])).toEqual([
      [f.labels[0].id, 'Solo'],
      [more.labels[2].id, 'Pekalongan'],
      [cirebon, 'Cirebon'],
    ]);
    const adds = ctx.db.prepare("SELECT to_label_id, details FROM audit_log WHERE action = 'facet.addLabel' ORDER BY id").all();
    expect(adds).toEqual([
      { to_label_id: more.labels[2].id, details: JSON.stringify({ name: 'Pekalongan', restored: false }) },
      { to_label_id: cirebon, details: JSON.stringify({ name: 'Cirebon', restored: true }) },
    ]);
  });

  it('renames a label without changing its key, so reviews, predictions and models keep it; refuses a name another label has', async () => {
    const ctx = await tempContext();
    await api(ctx, 'settings.set', { validator: 'Bu Sri' });
    const f = await api(ctx, 'facet.create', { key: 'asal', nameId: 'Asal daerah', nameEn: 'Origin', labels: ['Solo', 'Cirebn', 'Pekalongan'] });
    const typo = f.labels[1];
    const fixed = await api(ctx, 'facet.renameLabel', { facet: 'asal', label: 'Cirebn', name: 'Cirebon' });
    expect(fixed.labels[1]).toEqual({ ...typo, name: 'Cirebon' });
    // Found by its new name as well as its old key; a new label of that name would be the same label.
    expect((await api(ctx, 'facet.renameLabel', { facet: 'asal', label: 'cirebon', name: 'Cirebon (Trusmi)' })).labels[1].key).toBe(typo.key);
    expect(await dispatch('facet.addLabel', { facet: 'asal', name: 'cirebon trusmi' }, ctx)).toMatchObject({ ok: false, error: { code: 'conflict', messageKey: 'labelExists' } });
    expect(await dispatch('facet.renameLabel', { facet: 'asal', label: 'Solo', name: 'PEKALONGAN' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'conflict', messageKey: 'labelExists', params: { label: 'Pekalongan' } },
    });
    expect(await dispatch('facet.renameLabel', { facet: 'asal', label: 'Jogja', name: 'Yogyakarta' }, ctx)).toMatchObject({ ok: false, error: { messageKey: 'notALabel' } });
    expect(ctx.db.prepare("SELECT actor, details FROM audit_log WHERE action = 'facet.renameLabel' ORDER BY id").all()).toEqual([
      { actor: 'Bu Sri', details: JSON.stringify({ from: 'Cirebn', to: 'Cirebon' }) },
      { actor: 'Bu Sri', details: JSON.stringify({ from: 'Cirebon', to: 'Cirebon (Trusmi)' }) },
    ]);
  });
});
