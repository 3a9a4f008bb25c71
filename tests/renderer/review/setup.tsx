import type { ReactNode } from 'react';
import { afterEach, beforeEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { Facet } from '../../../electron/common/contract/index.js';
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
    labelConfidence: patch.labelConfidence !== undefined ? patch.labelConfidence : (patch.confidence ?? 0.8),
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

/** For the whole review workspace: the laid-out viewport and object URLs (for thumbnails) in every test, undone after it. */
export function fakeWorkspacePageEachTest(): void {
  let restore: () => void;
  beforeEach(() => {
    restore = fakeLayout(1000, 800);
    URL.createObjectURL = () => 'blob:fake';
    URL.revokeObjectURL = () => {};
  });
  afterEach(() => {
    cleanup();
    restore();
  });
}

const TWO_LABELS = [
  { id: 5, key: 'kawung', name: 'Kawung', position: 1 },
  { id: 7, key: 'parang', name: 'Parang', position: 2 },
];
/** A facet with a model and one without, on the same two labels. */
export const MOTIF_AND_TEMA: Facet[] = [
  { id: 2, key: 'motif', nameId: 'Motif', nameEn: 'Motif', activeModel: 'v1', labels: TWO_LABELS },
  { id: 3, key: 'tema', nameId: 'Tema', nameEn: 'Theme', activeModel: null, labels: TWO_LABELS },
];

export function withI18n(node: ReactNode, language: 'id' | 'en' = 'en') {
  return <I18nextProvider i18n={initI18n(language)}>{node}</I18nextProvider>;
}
