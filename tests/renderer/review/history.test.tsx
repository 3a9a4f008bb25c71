// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { HistoryList } from '../../../renderer/src/features/review/HistoryList.js';
import type { HistoryEntry } from '../../../renderer/src/features/review/types.js';
import { withI18n } from './setup.js';

afterEach(cleanup);

const entry = (id: number, action: string, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  at: `2026-11-29T10:0${id}:00.000Z`,
  actor: 'Bu Sri Wahyuni',
  action,
  imageId: 1,
  facet: 'motif',
  fromStatus: 'predicted',
  fromLabel: 'kawung',
  toStatus: 'validated',
  toLabel: 'kawung',
  modelVersion: null,
  batchId: `b${id}`,
  undoOf: null,
  details: null,
  ...over,
});

// Every action an image's audit trail can hold (review decisions, undo/redo of them, note edits), oldest first.
const ENTRIES: HistoryEntry[] = [
  entry(1, 'validate'),
  entry(2, 'label', { fromStatus: 'validated', toStatus: 'corrected', toLabel: 'parang' }),
  entry(3, 'undo', { undoOf: 2, fromStatus: 'corrected', fromLabel: 'parang', toStatus: 'validated', toLabel: 'kawung' }),
  entry(4, 'redo', { undoOf: 2, fromStatus: 'validated', toStatus: 'corrected', toLabel: 'parang' }),
  entry(5, 'reject', { fromStatus: 'corrected', fromLabel: 'parang', toStatus: 'rejected', toLabel: null }),
  entry(6, 'reset', { fromStatus: 'rejected', fromLabel: null, toStatus: 'predicted', toLabel: 'kawung' }),
  entry(7, 'note', { fromStatus: null, fromLabel: null, toStatus: null, toLabel: null, details: { from: null, to: 'kain panjang' } }),
];

const actions = () => [...screen.getByTestId('history').querySelectorAll('.history-action')].map((e) => e.textContent);

describe('label history', () => {
  it('names every action in Bahasa Indonesia, newest first', () => {
    render(withI18n(<HistoryList entries={ENTRIES} labelName={(k) => k ?? ''} />, 'id'));
    expect(actions()).toEqual([
      'mengubah catatan',
      'mengatur ulang keputusan',
      'menolak',
      'mengulangi #2',
      'membatalkan #2',
      'memberi label',
      'memvalidasi',
    ]);
    const text = screen.getByTestId('history').textContent ?? '';
    expect(text).not.toMatch(/\b(validate|label|reject|reset|undo|redo|note)\b/);
    // a note edit shows the note, not an empty status change
    expect(text).toContain('catatan: “kain panjang”');
    expect(text).not.toContain('— → —');
  });

  it('names every action in English', () => {
    render(withI18n(<HistoryList entries={ENTRIES} labelName={(k) => k ?? ''} />, 'en'));
    expect(actions()).toEqual(['edited the note', 'reset the decision', 'rejected', 'redid #2', 'undid #2', 'labelled', 'validated']);
  });

  it('shows an expert\'s resolution of a dispute with the votes it settled', () => {
    const resolution = entry(9, 'resolve', {
      actor: 'Dewi Sartika',
      fromStatus: 'disputed',
      fromLabel: null,
      toStatus: 'corrected',
      toLabel: 'parang',
      details: { votes: [{ actor: 'Ayu Lestari', label: 'kawung' }, { actor: 'Budi Santoso', label: 'parang' }] },
    });
    render(withI18n(<HistoryList entries={[resolution]} labelName={(k) => (k === 'kawung' ? 'Kawung' : 'Parang')} />, 'id'));
    expect(actions()).toEqual(['menyelesaikan perselisihan']);
    expect(screen.getByTestId('history-votes').textContent).toBe(' (suara: Ayu Lestari: Kawung, Budi Santoso: Parang)');
  });
});
