// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { LargeView } from '../../../renderer/src/features/review/LargeView.js';
import { ThumbnailStore } from '../../../renderer/src/features/review/thumbnails.js';
import type { GridItem, ReviewApi } from '../../../renderer/src/features/review/types.js';
import { fakeApi } from './fakeApi.js';
import { fakeItem, withI18n } from './setup.js';

beforeEach(() => {
  URL.createObjectURL = () => 'blob:fake';
  URL.revokeObjectURL = () => {};
});
afterEach(cleanup);

/** The fake catalogue, with notes that can be made to fail. */
function notesApi() {
  const { api: base } = fakeApi(3);
  const saved: [number, string, string][] = [];
  let failing = false;
  const api: ReviewApi = {
    ...base,
    async setNote(id, facet, note) {
      if (failing) throw new Error('database is locked');
      saved.push([id, facet, note]);
    },
  };
  return { api, saved, fail: (on: boolean) => (failing = on) };
}

function open(api: ReviewApi) {
  const thumbnails = new ThumbnailStore(async () => new Blob([]));
  const onMessage = vi.fn();
  const view = (item: GridItem) =>
    withI18n(
      <LargeView api={api} facet="motif" item={item} labels={[]} labelName={(k) => k ?? ''} thumbnails={thumbnails} version={0} onClose={() => {}} onPrev={() => {}} onNext={() => {}} onMessage={onMessage} />,
      'id',
    );
  const r = render(view(fakeItem(1)));
  return { ...r, show: (id: number) => r.rerender(view(fakeItem(id))), onMessage };
}

const noteBox = () => screen.getByTestId('note') as HTMLTextAreaElement;

describe('large view: a note typed but not saved', () => {
  it('is saved for its own image when the view moves to the next one, and the validator is told', async () => {
    const { api, saved } = notesApi();
    const { show, onMessage } = open(api);
    await screen.findByTestId('topk');
    fireEvent.change(noteBox(), { target: { value: 'Retak di sudut kanan' } });
    show(2);
    await waitFor(() => expect(saved).toEqual([[1, 'motif', 'Retak di sudut kanan']]));
    expect(onMessage).toHaveBeenCalledWith('Catatan untuk batik-1.jpg disimpan sebelum pindah gambar.');
    // the next image starts with its own (empty) note
    await waitFor(() => expect(noteBox().value).toBe(''));
  });

  it('is saved when the view closes', async () => {
    const { api, saved } = notesApi();
    const { unmount } = open(api);
    await screen.findByTestId('topk');
    fireEvent.change(noteBox(), { target: { value: 'Cap, bukan tulis' } });
    unmount();
    await waitFor(() => expect(saved).toEqual([[1, 'motif', 'Cap, bukan tulis']]));
  });

  it('waits for the validator’s return when it cannot be saved', async () => {
    const { api, saved, fail } = notesApi();
    const { show, onMessage } = open(api);
    await screen.findByTestId('topk');
    fail(true);
    fireEvent.change(noteBox(), { target: { value: 'Warna pudar' } });
    show(2);
    await waitFor(() => expect(onMessage).toHaveBeenCalledWith(expect.stringContaining('belum tersimpan (database is locked)'), true));
    fail(false);
    show(1);
    await waitFor(() => expect(noteBox().value).toBe('Warna pudar'));
    // still unsaved: saving it now works as usual
    fireEvent.click(screen.getByTestId('save-note'));
    await waitFor(() => expect(saved).toEqual([[1, 'motif', 'Warna pudar']]));
  });

  it('leaves a note alone that was typed back to what is stored', async () => {
    const { api, saved } = notesApi();
    const { show } = open(api);
    await screen.findByTestId('topk');
    fireEvent.change(noteBox(), { target: { value: 'x' } });
    fireEvent.change(noteBox(), { target: { value: '' } });
    show(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(saved).toEqual([]);
  });
});
