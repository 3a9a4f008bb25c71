import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { initI18n } from '../../../renderer/src/i18n/index.js';
import type { GridItem } from '../../../renderer/src/features/review/types.js';

export function fakeItem(id: number, patch: Partial<GridItem> = {}): GridItem {
  return {
    id,
    fileName: `batik-${id}.jpg`,
    hasThumbnail: true,
    status: 'predicted',
    label: 'kawung',
    labelName: null,
    confidence: 0.8,
    uncertainty: 0.3,
    modelVersion: 'v1',
    dupGroup: null,
    hint: null,
    hintConflict: false,
    missing: false,
    error: null,
    revision: 0,
    ...patch,
  };
}

/**
 * jsdom has no layout: give every element a fixed box so the virtualiser sees
 * a viewport (1000 × 800 px), and a ResizeObserver that reports it once.
 */
export function fakeLayout(width = 1000, height = 800): () => void {
  const proto = HTMLElement.prototype;
  const saved = {
    offsetWidth: Object.getOwnPropertyDescriptor(proto, 'offsetWidth'),
    offsetHeight: Object.getOwnPropertyDescriptor(proto, 'offsetHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth'),
    clientHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight'),
  };
  Object.defineProperty(proto, 'offsetWidth', { configurable: true, get: () => width });
  Object.defineProperty(proto, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => height });
  const g = globalThis as unknown as { ResizeObserver?: unknown };
  const hadRo = g.ResizeObserver;
  g.ResizeObserver = class {
    constructor(private cb: (entries: unknown[]) => void) {}
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  return () => {
    for (const [k, d] of Object.entries(saved)) {
      const target = k.startsWith('client') ? Element.prototype : proto;
      if (d) Object.defineProperty(target, k, d);
      else delete (target as unknown as Record<string, unknown>)[k];
    }
    g.ResizeObserver = hadRo;
  };
}

export function withI18n(node: ReactNode, language: 'id' | 'en' = 'en') {
  return <I18nextProvider i18n={initI18n(language)}>{node}</I18nextProvider>;
}
