// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { KnowledgeCard } from '../../../renderer/src/features/review/KnowledgeCard.js';
import type { KnowledgeEdit, KnowledgeEntry, ReviewApi } from '../../../renderer/src/features/review/types.js';
import { withI18n } from './setup.js';

afterEach(cleanup);

// Mega Mendung as shipped (abridged): every text in both languages.
const MEGA: KnowledgeEntry = {
  key: 'megamendung',
  name: 'Mega Mendung',
  altNames: ['Megamendung'],
  regionId: 'Cirebon, Jawa Barat (batik pesisir, terutama Trusmi)',
  regionEn: 'Cirebon, West Java (coastal or pesisir batik, especially Trusmi)',
  themeId: 'Alam: awan berarak bergradasi warna, umumnya biru',
  themeEn: 'Nature: drifting clouds shaded in graded colours, usually blue',
  meaningId: 'Awan mendung membawa hujan yang menyuburkan.',
  meaningEn: 'Rain clouds bring fertility.',
  sources: [{ title: 'Fiona Kerlogue, Batik: Design, Style & History, Thames & Hudson, 2004', url: null, note: null }],
  caveatsId: 'Kaitannya dengan pernikahan Sunan Gunung Jati adalah kisah populer, belum diverifikasi di sini.',
  caveatsEn: 'The link to the marriage of Sunan Gunung Jati is a popular account, not verified here.',
  updatedBy: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  labelOf: ['motif'],
};

function fakeApi(entry: KnowledgeEntry | null) {
  const edits: KnowledgeEdit[] = [];
  const api = {
    knowledge: async () => entry,
    editKnowledge: async (edit: KnowledgeEdit) => {
      edits.push(edit);
      return { ...entry!, ...edit, updatedBy: 'Sari' };
    },
  } as unknown as ReviewApi;
  return { api, edits };
}

function show(entry: KnowledgeEntry | null, language: 'id' | 'en') {
  const { api, edits } = fakeApi(entry);
  render(withI18n(<KnowledgeCard api={api} label="megamendung" labelName={() => 'Mega Mendung'} offerCreate />, language));
  return edits;
}

const shown = (field: string) => screen.getByTestId(`knowledge-show-${field}`);

describe('knowledge card', () => {
  it('shows region, theme, meaning and caveats in Bahasa Indonesia', async () => {
    show(MEGA, 'id');
    await screen.findByTestId('knowledge-card');
    expect(shown('caveats').textContent).toBe(MEGA.caveatsId);
    expect(shown('caveats').getAttribute('lang')).toBe('id');
    expect(shown('region').textContent).toBe(MEGA.regionId);
    expect(shown('theme').textContent).toBe(MEGA.themeId);
    expect(shown('meaning').textContent).toBe(MEGA.meaningId);
    const text = screen.getByTestId('knowledge-card').textContent ?? '';
    expect(text).toContain('Catatan ketidakpastian');
    expect(text).not.toContain('not verified here');
    expect(screen.queryByTestId('knowledge-fallback')).toBeNull();
  });

  it('shows them in English', async () => {
    show(MEGA, 'en');
    await screen.findByTestId('knowledge-card');
    expect(shown('region').textContent).toBe(MEGA.regionEn);
    expect(shown('region').getAttribute('lang')).toBe('en');
    expect(shown('theme').textContent).toBe(MEGA.themeEn);
    expect(shown('meaning').textContent).toBe(MEGA.meaningEn);
    expect(shown('caveats').textContent).toBe(MEGA.caveatsEn);
    const text = screen.getByTestId('knowledge-card').textContent ?? '';
    expect(text).not.toContain('awan berarak');
    expect(text).not.toContain('Jawa Barat');
    expect(screen.queryByTestId('knowledge-fallback')).toBeNull();
  });

  it('falls back to the other language where one is missing, and says so', async () => {
    // as a row a validator edited before migration 0006: Indonesian region and theme, English caveats only
    const edited: KnowledgeEntry = { ...MEGA, regionEn: null, themeEn: null, caveatsId: null, updatedBy: 'Sari' };
    show(edited, 'id');
    await screen.findByTestId('knowledge-card');
    expect(shown('caveats').textContent).toBe(`${MEGA.caveatsEn} (dalam bahasa Inggris; belum diterjemahkan)`);
    expect(shown('caveats').getAttribute('lang')).toBe('en');
    expect(screen.getAllByTestId('knowledge-fallback')).toHaveLength(1);
    expect(shown('region').textContent).toBe(MEGA.regionId);
    cleanup();

    show(edited, 'en');
    await screen.findByTestId('knowledge-card');
    expect(shown('region').textContent).toBe(`${MEGA.regionId} (in Indonesian; not yet translated)`);
    expect(shown('region').getAttribute('lang')).toBe('id');
    // the note itself is in the interface language
    expect(screen.getAllByTestId('knowledge-fallback').map((n) => n.getAttribute('lang'))).toEqual(['en', 'en']);
    expect(shown('theme').textContent).toBe(`${MEGA.themeId} (in Indonesian; not yet translated)`);
    expect(shown('caveats').textContent).toBe(MEGA.caveatsEn);
  });

  it('leaves out a field with no text in either language', async () => {
    show({ ...MEGA, themeId: null, themeEn: null }, 'en');
    await screen.findByTestId('knowledge-card');
    expect(screen.queryByTestId('knowledge-show-theme')).toBeNull();
    expect(screen.queryByText('Theme')).toBeNull();
  });

  it('edits both languages of every bilingual field', async () => {
    const edits = show({ ...MEGA, caveatsId: null }, 'id');
    fireEvent.click(await screen.findByTestId('knowledge-edit'));
    for (const f of ['region', 'theme', 'meaning', 'caveats']) {
      expect((screen.getByTestId(`knowledge-${f}Id`) as HTMLInputElement).getAttribute('lang')).toBe('id');
      expect((screen.getByTestId(`knowledge-${f}En`) as HTMLInputElement).getAttribute('lang')).toBe('en');
    }
    expect((screen.getByTestId('knowledge-regionEn') as HTMLInputElement).value).toBe(MEGA.regionEn);
    expect((screen.getByTestId('knowledge-caveatsId') as HTMLTextAreaElement).value).toBe('');
    expect(screen.getByText('Catatan ketidakpastian (Bahasa Indonesia)')).toBeTruthy();
    fireEvent.change(screen.getByTestId('knowledge-caveatsId'), { target: { value: 'Kisah populer; belum diverifikasi di sini.' } });
    fireEvent.change(screen.getByTestId('knowledge-themeEn'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('knowledge-save'));
    await waitFor(() => expect(edits).toHaveLength(1));
    expect(edits[0]).toMatchObject({
      key: 'megamendung',
      caveatsId: 'Kisah populer; belum diverifikasi di sini.',
      caveatsEn: MEGA.caveatsEn,
      themeId: MEGA.themeId,
      themeEn: null,
      regionId: MEGA.regionId,
      regionEn: MEGA.regionEn,
    });
    expect((await screen.findByTestId('knowledge-show-caveats')).textContent).toBe('Kisah populer; belum diverifikasi di sini.');
  });

  it('keeps an edit with changes open for its own motif when the view moves to another image, and saves it for that motif', async () => {
    const { api, edits } = fakeApi(MEGA);
    const card = (label: string | null) => withI18n(<KnowledgeCard api={api} label={label} labelName={(k) => (k === 'kawung' ? 'Kawung' : 'Mega Mendung')} offerCreate />, 'id');
    const view = render(card('megamendung'));
    fireEvent.click(await screen.findByTestId('knowledge-edit'));
    fireEvent.change(screen.getByTestId('knowledge-regionId'), { target: { value: 'Cirebon (Trusmi), dicek di museum' } });

    // The next image shows Kawung, then a rejected one with no motif: the edit stays, with its text.
    view.rerender(card('kawung'));
    await waitFor(() => expect(screen.getByTestId('knowledge-kept').textContent).toBe('Suntingan Mega Mendung dari gambar sebelumnya belum disimpan: simpan atau batalkan.'));
    view.rerender(card(null));
    await new Promise((r) => setTimeout(r, 20));
    expect((screen.getByTestId('knowledge-regionId') as HTMLInputElement).value).toBe('Cirebon (Trusmi), dicek di museum');

    fireEvent.click(screen.getByTestId('knowledge-save'));
    await waitFor(() => expect(edits).toHaveLength(1));
    expect(edits[0]).toMatchObject({ key: 'megamendung', regionId: 'Cirebon (Trusmi), dicek di museum' });
  });

  it('closes an edit nobody changed when the view moves on', async () => {
    const { api } = fakeApi(MEGA);
    const card = (label: string) => withI18n(<KnowledgeCard api={api} label={label} labelName={() => 'Mega Mendung'} offerCreate />, 'id');
    const view = render(card('megamendung'));
    fireEvent.click(await screen.findByTestId('knowledge-edit'));
    view.rerender(card('kawung'));
    await screen.findByTestId('knowledge-edit');
    expect(screen.queryByTestId('knowledge-regionId')).toBeNull();
  });
});
