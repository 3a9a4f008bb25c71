// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Facet } from '../../../electron/common/contract/index.js';
import { ReviewWorkspace } from '../../../renderer/src/features/review/ReviewWorkspace.js';
import { SHORTCUTS, commandForKey } from '../../../renderer/src/features/review/keymap.js';
import { fakeApi } from './fakeApi.js';
import { fakeWorkspacePageEachTest, withI18n } from './setup.js';

const FACETS: Facet[] = [
  {
    id: 2,
    key: 'motif',
    nameId: 'Motif',
    nameEn: 'Motif',
    activeModel: 'v1',
    labels: [
      { id: 5, key: 'kawung', name: 'Kawung', position: 1 },
      { id: 6, key: 'megamendung', name: 'Mega Mendung', position: 2 },
      { id: 7, key: 'parang', name: 'Parang', position: 3 },
      { id: 8, key: 'truntum', name: 'Truntum', position: 4 },
    ],
  },
];

fakeWorkspacePageEachTest();

async function setup(count = 40) {
  const fake = fakeApi(count);
  render(withI18n(<ReviewWorkspace api={fake.api} facets={FACETS} facet="motif" />));
  await screen.findAllByTestId('grid-cell');
  // Keys act on the focused image: wait until the grid shows one (on a loaded machine the cells come first).
  await waitFor(() => expect(document.querySelector('[aria-current="true"]')).not.toBeNull());
  return fake;
}

const focusedId = () => Number(document.querySelector('[aria-current="true"]')?.getAttribute('data-id'));
const cellById = (id: number) => document.querySelector(`[data-id="${id}"]`) as HTMLElement;
async function press(key: string, mods: Partial<KeyboardEventInit> = {}) {
  await act(async () => {
    fireEvent.keyDown(window, { key, ...mods });
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('keyboard map', () => {
  it('maps every documented key to a command', () => {
    expect(commandForKey({ key: 'ArrowRight' })).toEqual({ kind: 'move', dx: 1, dy: 0 });
    expect(commandForKey({ key: 'j' })).toEqual({ kind: 'move', dx: 0, dy: 1 });
    expect(commandForKey({ key: 'K' })).toEqual({ kind: 'move', dx: 0, dy: -1 });
    expect(commandForKey({ key: '3' })).toEqual({ kind: 'setLabel', position: 3 });
    expect(commandForKey({ key: '0' })).toBeNull();
    expect(commandForKey({ key: 'Enter' })).toEqual({ kind: 'validate' });
    expect(commandForKey({ key: 'v' })).toEqual({ kind: 'validate' });
    expect(commandForKey({ key: 'x' })).toEqual({ kind: 'reject' });
    expect(commandForKey({ key: ' ' })).toEqual({ kind: 'toggleLarge' });
    expect(commandForKey({ key: 'z', ctrlKey: true })).toEqual({ kind: 'undo' });
    expect(commandForKey({ key: 'z', metaKey: true })).toEqual({ kind: 'undo' });
    expect(commandForKey({ key: 'Z', ctrlKey: true, shiftKey: true })).toEqual({ kind: 'redo' });
    expect(commandForKey({ key: '?', shiftKey: true })).toEqual({ kind: 'help' });
    // a browser shortcut like Ctrl+1 is left alone
    expect(commandForKey({ key: '1', ctrlKey: true })).toBeNull();
  });

  it('number keys set the label by position and focus moves to the next image', async () => {
    const { calls } = await setup();
    const first = focusedId();
    await press('2');
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ name: 'decide', args: ['motif', [first], { action: 'label', label: 'megamendung' }] });
    await waitFor(() => expect(focusedId()).not.toBe(first));
    expect(cellById(first).getAttribute('data-status')).toBe('corrected');
  });

  it('Enter and V validate, X rejects, each moving on', async () => {
    const { calls } = await setup();
    const a = focusedId();
    await press('Enter');
    await waitFor(() => expect(focusedId()).not.toBe(a));
    const b = focusedId();
    await press('v');
    await waitFor(() => expect(focusedId()).not.toBe(b));
    const c = focusedId();
    await press('x');
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls.map((x) => (x.args[2] as { action: string }).action)).toEqual(['validate', 'validate', 'reject']);
    expect(calls.map((x) => (x.args[1] as number[])[0])).toEqual([a, b, c]);
    await waitFor(() => expect(cellById(c).getAttribute('data-status')).toBe('rejected'));
    expect(cellById(a).getAttribute('data-status')).toBe('validated');
  });

  it('arrows and HJKL move the focus through the grid', async () => {
    await setup();
    const cells = () => [...document.querySelectorAll('[data-testid=grid-cell]')].map((c) => Number(c.getAttribute('data-id')));
    const order = cells();
    const columns = Math.floor(1000 / 168);
    await press('ArrowRight');
    expect(focusedId()).toBe(order[1]);
    await press('j');
    expect(focusedId()).toBe(order[1 + columns]);
    await press('h');
    expect(focusedId()).toBe(order[columns]);
    await press('ArrowUp');
    expect(focusedId()).toBe(order[0]);
    await press('k'); // stays at the top
    expect(focusedId()).toBe(order[0]);
  });

  it('Ctrl+Z undoes the last decision and Shift+Ctrl+Z redoes it', async () => {
    const { calls, items } = await setup();
    const a = focusedId();
    await press('x');
    await waitFor(() => expect(cellById(a).getAttribute('data-status')).toBe('rejected'));
    await press('z', { ctrlKey: true });
    await waitFor(() => expect(cellById(a).getAttribute('data-status')).toBe('predicted'));
    expect(calls[1]).toEqual({ name: 'undo', args: ['b1'] });
    expect(items.get(a)!.status).toBe('predicted');
    await press('Z', { ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(cellById(a).getAttribute('data-status')).toBe('rejected'));
    expect(calls[2]).toEqual({ name: 'redo', args: ['b1'] });
    // undo again names the original batch too
    await press('z', { ctrlKey: true });
    await waitFor(() => expect(cellById(a).getAttribute('data-status')).toBe('predicted'));
    expect(calls[3]).toEqual({ name: 'undo', args: ['b1'] });
    // nothing left to redo: says so instead of calling the catalogue
    await press('Z', { ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(cellById(a).getAttribute('data-status')).toBe('rejected'));
    await press('Z', { ctrlKey: true, shiftKey: true });
    expect(calls).toHaveLength(5);
    expect(screen.getByTestId('review-message').textContent).toMatch(/nothing to redo/i);
  });

  it('ctrl-click and shift-click select several images; one key decides them all in one batch', async () => {
    const { calls } = await setup();
    const order = [...document.querySelectorAll('[data-testid=grid-cell]')].map((c) => Number(c.getAttribute('data-id')));
    fireEvent.click(cellById(order[0]));
    fireEvent.click(cellById(order[3]), { shiftKey: true });
    fireEvent.click(cellById(order[6]), { ctrlKey: true });
    expect(screen.getByTestId('selected-count').textContent).toMatch(/5 selected/);
    await press('1');
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(new Set(calls[0].args[1] as number[])).toEqual(new Set([order[0], order[1], order[2], order[3], order[6]]));
    await waitFor(() => expect(screen.queryByTestId('selected-count')).toBeNull());
    // one undo step reverts the whole bulk action
    await press('z', { ctrlKey: true });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toEqual({ name: 'undo', args: ['b1'] });
  });

  it('? lists every shortcut; keys typed into a text field do not decide anything', async () => {
    const { calls } = await setup();
    await press('?', { shiftKey: true });
    const overlay = screen.getByTestId('shortcut-overlay');
    expect(overlay.querySelectorAll('tr')).toHaveLength(SHORTCUTS.length);
    expect(overlay.textContent).toMatch(/Undo the last decision/);
    await press('x'); // ignored while the overlay is open
    await press('Escape');
    expect(screen.queryByTestId('shortcut-overlay')).toBeNull();
    const search = screen.getByTestId('filter-text');
    search.focus();
    fireEvent.keyDown(search, { key: 'x' });
    fireEvent.keyDown(search, { key: '1' });
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toHaveLength(0);
  });

  it('after a filter is typed, clicking "select all in filter" hands the keys back to the grid: 4 labels the selection, the filter stays', async () => {
    const { calls } = await setup(6);
    const search = screen.getByTestId('filter-text') as HTMLInputElement;
    search.focus();
    fireEvent.change(search, { target: { value: 'batik' } });
    const selectAll = screen.getByTestId('select-all');
    fireEvent.mouseDown(selectAll);
    fireEvent.click(selectAll);
    await waitFor(() => expect(screen.getByTestId('selected-count').textContent).toMatch(/6/));
    // A real key goes to whatever has the focus.
    await act(async () => {
      fireEvent.keyDown(document.activeElement ?? window, { key: '4' });
      await new Promise((r) => setTimeout(r, 0));
    });
    await waitFor(() => expect(calls.filter((c) => c.name === 'decide')).toHaveLength(1));
    const decided = calls.find((c) => c.name === 'decide')!;
    expect(decided.args[1]).toHaveLength(6);
    expect(decided.args[2]).toEqual({ action: 'label', label: 'truntum' });
    expect(search.value).toBe('batik');
  });

  it('Space opens the large view of the focused image with its predictions', async () => {
    await setup();
    const a = focusedId();
    await press(' ');
    const large = await screen.findByTestId('large-view');
    expect(large.textContent).toContain(`batik-${a}.jpg`);
    await waitFor(() => expect(screen.getByTestId('topk').textContent).toMatch(/Kawung.*70%/));
    await press(' ');
    expect(screen.queryByTestId('large-view')).toBeNull();
  });
});
