import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../electron/common/errors.js';
import { dispatch } from '../../electron/core/api/dispatch.js';
import { REASON_CODES } from '../../electron/core/importer/reasons.js';
import { tempContext } from '../helpers/temp.js';

/** Every `.translated('key'` in the core and the CLI's sources. */
function translatedKeys(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        // The key argument: a literal, or a choice between literals.
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/\.translated\(([^,)]*)/g)) for (const k of m[1].matchAll(/'(\w+)'/g)) found.add(k[1]);
      }
    }
  };
  walk('electron');
  return found;
}

const locale = (lang: string) =>
  JSON.parse(fs.readFileSync(`renderer/src/i18n/locales/${lang}.json`, 'utf8')) as {
    apiErrors: Record<string, string>;
    import: { reason: Record<string, string>; reasonText: Record<string, string> };
  };
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('errors the interface shows in the user’s language', () => {
  it('carry their translation key and values across the API boundary, beside the English message', async () => {
    const ctx = await tempContext();
    const r = await dispatch('import.start', { paths: ['arsip/kotak-01'] }, ctx);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('Give the full path of "arsip/kotak-01"'),
        messageKey: 'relativePath',
        params: { path: 'arsip/kotak-01' },
      },
    });
    // Refused before anything started.
    expect(ctx.db.prepare('SELECT COUNT(*) FROM import_jobs').pluck().get()).toBe(0);
    // Train pressed on a facet nobody labelled yet (the exploratory run saw this in English in the Indonesian panel).
    expect(await dispatch('learn.train', { facet: 'tema' }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_input', messageKey: 'trainNoLabel' } });
    // An untranslated error keeps the plain shape.
    expect(new ApiError('io', 'x').toJSON()).toEqual({ code: 'io', message: 'x' });
  });

  it('have a wording in Bahasa Indonesia and in English for every key the core names, with the same values', () => {
    const used = translatedKeys();
    expect(used.size).toBeGreaterThanOrEqual(20);
    expect(used).toContain('trainOneLabel');
    const idErrors = locale('id').apiErrors;
    const enErrors = locale('en').apiErrors;
    expect([...used].filter((k) => !(k in idErrors) || !(k in enErrors))).toEqual([]);
    expect(Object.keys(idErrors).sort()).toEqual(Object.keys(enErrors).sort());
    for (const k of Object.keys(idErrors)) expect([k, placeholders(idErrors[k])]).toEqual([k, placeholders(enErrors[k])]);
  });

  it('word every training note the core writes in both languages, with the same values', () => {
    const core = ['electron/core/learn/run.ts', 'electron/core/learn/finetune-stage.ts'].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    // Each call's key: the first quoted plain word after trainNote( (the English message before it has spaces).
    const used = new Set(core.split('trainNote(').slice(1).map((call) => /'(\w+)'(?=\s*[,)])/.exec(call)?.[1] ?? '(no key)'));
    expect(used.size).toBeGreaterThanOrEqual(9);
    const [id, en] = ['id', 'en'].map((l) => (JSON.parse(fs.readFileSync(`renderer/src/i18n/locales/${l}.json`, 'utf8')) as { trainNotes: Record<string, string> }).trainNotes);
    expect([...used].filter((k) => !(k in id) || !(k in en))).toEqual([]);
    for (const k of Object.keys(id)) expect([k, placeholders(id[k])]).toEqual([k, placeholders(en[k])]);
  });

  it('have a wording in both languages for every kind of import failure, the kind and the file’s sentence, with the same values', () => {
    const [id, en] = [locale('id').import, locale('en').import];
    for (const code of REASON_CODES) expect([code, code in id.reason, code in en.reason]).toEqual([code, true, true]);
    // every kind but "other" (shown as the core wrote it) has a sentence, with variants for the particulars it names
    for (const code of REASON_CODES.filter((c) => c !== 'other')) expect([code, code in id.reasonText]).toEqual([code, true]);
    expect(Object.keys(id.reasonText).sort()).toEqual(Object.keys(en.reasonText).sort());
    for (const k of Object.keys(id.reasonText)) expect([k, placeholders(id.reasonText[k])]).toEqual([k, placeholders(en.reasonText[k])]);
    expect(placeholders(id.reasonText.too_many_pixels_sized)).toEqual(['height', 'limit', 'megapixels', 'width']);
  });

  it('tell the export screen’s user to tick its checkbox, not to use the CLI’s --force', () => {
    const [id, en] = [locale('id'), locale('en')] as unknown as { apiErrors: Record<string, string>; export: { training: { force: string } } }[];
    expect(id.apiErrors.exportFolderNotEmpty).toContain(`"${id.export.training.force}"`);
    expect(en.apiErrors.exportFolderNotEmpty).toContain(`"${en.export.training.force}"`);
    expect(`${id.apiErrors.exportFolderNotEmpty} ${id.apiErrors.exportAppeared}`).not.toContain('--force');
  });
});
