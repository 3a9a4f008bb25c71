import { describe, expect, it } from 'vitest';
import { CALL_NAMES, contract } from '../../electron/common/contract/index.js';
import { dispatch } from '../../electron/core/api/dispatch.js';
import { handlers } from '../../electron/core/api/handlers/index.js';
import { tempContext } from '../helpers/temp.js';

describe('contract', () => {
  it('has exactly one handler per declared call', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CALL_NAMES].sort());
    for (const name of CALL_NAMES) expect(contract[name].summary.length).toBeGreaterThan(3);
  });

  it('rejects an unknown call', async () => {
    const ctx = await tempContext();
    const result = await dispatch('images.deleteEverything', {}, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'unknown_call', message: 'Unknown API call "images.deleteEverything"' } });
  });
});

describe('catalogue calls', () => {
  it('health and info answer on an empty catalogue', async () => {
    const ctx = await tempContext();
    expect(await dispatch('health', {}, ctx)).toMatchObject({ ok: true, value: { ok: true, schemaVersion: ctx.schemaVersion } });
    expect(await dispatch('catalogue.info', {}, ctx)).toMatchObject({ ok: true, value: { counts: { images: 0, predicted: 0, reviewed: 0 } } });
  });

  it('rejects unexpected fields instead of ignoring them', async () => {
    const ctx = await tempContext();
    const result = await dispatch('catalogue.info', { drop: true }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
  });

  it('creates a facet, and refuses bad ones without changing anything', async () => {
    const ctx = await tempContext();
    const good = await dispatch('facet.create', { key: 'asal', nameId: 'Asal', nameEn: 'Origin', labels: ['Solo', 'Yogyakarta', 'Pekalongan'] }, ctx);
    expect(good).toMatchObject({ ok: true, value: { key: 'asal', labels: [{ key: 'solo' }, { key: 'yogyakarta' }, { key: 'pekalongan' }] } });

    const bad = [
      { key: 'Bad Key', nameId: 'x', nameEn: 'x', labels: ['a', 'b'] },
      { key: 'one', nameId: 'x', nameEn: 'x', labels: ['only'] },
      { key: 'dup', nameId: 'x', nameEn: 'x', labels: ['Mega Mendung', 'mega-mendung'] },
      { key: 'asal', nameId: 'x', nameEn: 'x', labels: ['a', 'b'] },
      { key: 'blank', nameId: '  ', nameEn: 'x', labels: ['a', 'b'] },
    ];
    const before = ctx.db.prepare('SELECT count(*) AS n FROM labels').get();
    for (const input of bad) {
      const r = await dispatch('facet.create', input, ctx);
      expect(r.ok, JSON.stringify(input)).toBe(false);
    }
    expect(ctx.db.prepare('SELECT count(*) AS n FROM labels').get()).toEqual(before);
  });

  it('adds a label and refuses a duplicate', async () => {
    const ctx = await tempContext();
    const added = await dispatch('facet.addLabel', { facet: 'motif', name: 'Sidomukti' }, ctx);
    expect(added).toMatchObject({ ok: true });
    if (added.ok) expect((added.value as { labels: { name: string }[] }).labels.map((l) => l.name)).toContain('Sidomukti');
    expect(await dispatch('facet.addLabel', { facet: 'motif', name: 'sidomukti' }, ctx)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await dispatch('facet.addLabel', { facet: 'nope', name: 'X' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('remembers the validator and language, and refuses an unknown language', async () => {
    const ctx = await tempContext();
    expect(await dispatch('settings.get', {}, ctx)).toEqual({ ok: true, value: { validator: null, language: 'id' } });
    expect(await dispatch('settings.set', { validator: 'Sari Wulandari', language: 'en' }, ctx)).toEqual({ ok: true, value: { validator: 'Sari Wulandari', language: 'en' } });
    expect(await dispatch('settings.set', { language: 'fr' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch('settings.get', {}, ctx)).toEqual({ ok: true, value: { validator: 'Sari Wulandari', language: 'en' } });
  });

  it('cancelling an unknown job is a clear not_found', async () => {
    const ctx = await tempContext();
    expect(await dispatch('jobs.cancel', { id: 'import-123' }, ctx)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch('jobs.cancel', {}, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
