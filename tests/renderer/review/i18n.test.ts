/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import en from '../../../renderer/src/i18n/locales/en.json';
import id from '../../../renderer/src/i18n/locales/id.json';

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
    const missing = [...used].filter((k) => !have.has(k) && !k.endsWith('.'));
    expect(used.size).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });
});
