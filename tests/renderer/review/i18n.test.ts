/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import en from '../../../renderer/src/i18n/locales/en.json';
import id from '../../../renderer/src/i18n/locales/id.json';
import { initI18n } from '../../../renderer/src/i18n/index.js';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('review strings', () => {
  it('exist in Bahasa Indonesia and English alike', () => {
    expect(keys(id.review).sort()).toEqual(keys(en.review).sort());
    expect(keys(id.app).sort()).toEqual(keys(en.app).sort());
  });

  it('cover every t() key the review screen uses literally', () => {
    // .tsx only: reviewApi.ts names API calls ("review.query"), not strings
    const files = ['renderer/src/features/review', 'renderer/src/components'].flatMap((dir) =>
      fs.readdirSync(dir).filter((f) => f.endsWith('.tsx')).map((f) => path.join(dir, f)),
    );
    files.push('renderer/src/App.tsx');
    const used = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/['`](review\.[a-zA-Z.]+)['`]/g)) used.add(m[1]);
    }
    const have = new Set(keys({ review: id.review }));
    // a counted key is there as its plural forms (key_one, key_other)
    const missing = [...used].filter((k) => !have.has(k) && !have.has(`${k}_other`) && !k.endsWith('.'));
    expect(used.size).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('counts images in the grammar of each language', () => {
    const english = initI18n('en');
    expect(english.t('review.counts.total', { count: 1 })).toBe('1 image in filter');
    expect(english.t('review.counts.total', { count: 2 })).toBe('2 images in filter');
    expect(initI18n('id').t('review.counts.total', { count: 1 })).toBe('1 gambar dalam filter');
  });
});

